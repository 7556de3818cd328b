using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class WithdrawExpertConflict
{
    public sealed record Command(Guid ExpertId, string CreditCode) : ICommand<ExpertView>;

    /// <summary>The bound a declared code has (<see cref="DeclareExpertConflict.Validator"/>), so the path parameter is bounded too.</summary>
    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.CreditCode).NotEmpty().MaximumLength(64);
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, ExpertView>
    {
        public async ValueTask<ExpertView> Handle(Command command, CancellationToken ct)
        {
            var code = CreditCode.Normalise(command.CreditCode);
            var conflict = await db.ExpertConflicts.FirstOrDefaultAsync(c => c.ExpertId == command.ExpertId && c.CreditCode == code, ct)
                ?? throw ProblemException.NotFound("The declared conflict");
            db.ExpertConflicts.Remove(conflict);
            audit.Record("expert.conflict-withdrawn", "User", command.ExpertId, new { code });
            await db.SaveChangesAsync(ct);
            return await ExpertEndpoints.ViewAsync(db, command.ExpertId, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/{id:guid}/conflicts/{creditCode}", async (Guid id, string creditCode, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, creditCode), ct)))
            .WithName("WithdrawExpertConflict")
            .WithSummary("Removes a declared conflict (admin only).")
            .WithProblems(401, 403, 404);
}
