using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class DeclareExpertConflict
{
    public sealed record Command(Guid ExpertId, ExpertConflicts.Body Body) : ICommand<ExpertView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.CreditCode).NotEmpty().MaximumLength(64).Must(c => CreditCode.Normalise(c).Length == CreditCode.Length)
                .WithMessage("Must be an 18-character credit code.").OverridePropertyName("creditCode");
            RuleFor(c => c.Body.Reason).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("reason");
        }
    }

    public sealed class Handler(AppDbContext db, ConflictedAssignments conflicted, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, ExpertView>
    {
        public async ValueTask<ExpertView> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Users.AnyAsync(u => u.Id == command.ExpertId && u.Role == Roles.Expert, ct))
                throw ProblemException.NotFound("The expert");
            var code = CreditCode.Normalise(command.Body.CreditCode);
            if (await db.ExpertConflicts.AnyAsync(c => c.ExpertId == command.ExpertId && c.CreditCode == code, ct))
                throw ProblemException.Duplicate($"A conflict with {code} is already declared.");
            db.ExpertConflicts.Add(new ExpertConflict { ExpertId = command.ExpertId, CreditCode = code, Reason = command.Body.Reason.Trim(), CreatedAt = time.GetUtcNow() });
            audit.Record("expert.conflict-declared", "User", command.ExpertId, new { code, command.Body.Reason });
            // A conflict given after assignment ends the expert's open assignments with the organisation, reviewed or not.
            await conflicted.EndAsync(command.ExpertId, code, command.Body.Reason.Trim(), ct);
            await db.SaveChangesAsync(ct);
            return await ExpertEndpoints.ViewAsync(db, command.ExpertId, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/conflicts", async (Guid id, ExpertConflicts.Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body), ct)))
            .WithName("DeclareExpertConflict")
            .WithSummary("Records an organisation the expert must never review (admin only).")
            .WithProblems(401, 403, 404, 409);
}
