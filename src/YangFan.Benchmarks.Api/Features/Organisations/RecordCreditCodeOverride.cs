using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class RecordCreditCodeOverride
{
    /// <summary>A real registered code that fails its checksum, and why it is accepted.</summary>
    public sealed record Command(string CreditCode, string Reason) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CreditCode).NotEmpty().MaximumLength(64).Must(c => CreditCode.Normalise(c).Length == CreditCode.Length
                    && CreditCode.Normalise(c).All(ch => CreditCode.Alphabet.Contains(ch)))
                .WithMessage("Must be 18 characters of the credit-code alphabet.");
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(10).MaximumLength(500);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var code = CreditCode.Normalise(command.CreditCode);
            if (CreditCode.IsValid(code))
                throw ProblemException.Invalid("creditCode", "This code passes its checksum and needs no override.");
            if (await db.CreditCodeOverrides.AnyAsync(o => o.CreditCode == code, ct))
                throw ProblemException.Duplicate($"An override for {code} already exists.");
            db.CreditCodeOverrides.Add(new CreditCodeOverride { CreditCode = code, Reason = command.Reason.Trim(), CreatedBy = user.RequireId(), CreatedAt = time.GetUtcNow() });
            audit.Record("credit-code.override-recorded", "CreditCode", code, new { command.Reason });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("", async (Command command, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(command, ct);
                return TypedResults.NoContent();
            })
            .WithName("RecordCreditCodeOverride")
            .WithSummary("Accepts a real registered credit code that fails its checksum, with the reason (admin only, audited).")
            .WithProblems(401, 403, 409);
}
