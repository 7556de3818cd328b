using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ReassignAssignment
{
    public sealed record Command(Guid AssignmentId, Guid ExpertId) : ICommand<AssignmentView>;

    public sealed class Handler(AppDbContext db, AssignmentService assignments, AuditTrail audit, TimeProvider time, Api.Mail.Notifier notifier)
        : ICommandHandler<Command, AssignmentView>
    {
        public async ValueTask<AssignmentView> Handle(Command command, CancellationToken ct)
        {
            var old = await db.Assignments.FirstOrDefaultAsync(a => a.Id == command.AssignmentId, ct) ?? throw ProblemException.NotFound("The assignment");
            if (old.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be reassigned; this one is {old.Status}.");
            old.Status = AssignmentStatus.Reassigned;
            old.EndedAt = time.GetUtcNow();
            old.EndedReason = old.Late ? "Reassigned after the review fell late." : "Reassigned by an administrator.";
            await db.SaveChangesAsync(ct);
            var application = await db.Applications.FirstAsync(a => a.Id == old.ApplicationId, ct);
            if (application.ReviewRound != old.Round)
                throw ProblemException.Conflict("That review round has closed.");
            var replacement = await assignments.AssignAsync(application, command.ExpertId, ct);
            await notifier.AssignedAsync(replacement, application, ct);
            audit.Record("assignment.reassigned", "Application", application.Id, new { from = old.Id, to = replacement.Id, replacement.ExpertId });
            await db.SaveChangesAsync(ct);
            return AssignmentView.From(replacement, await AssignmentEndpoints.ExpertNameAsync(db, replacement.ExpertId, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/assignments/{id:guid}/reassign", async (Guid id, ManualAssignment.Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.ExpertId), ct)))
            .WithName("ReassignAssignment")
            .WithSummary("Gives an open (e.g. late) assignment's slot to another expert (admin only).")
            .WithProblems(401, 403, 404, 409);
}
