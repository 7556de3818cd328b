using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class RemoveAssignment
{
    public sealed record Command(Guid ApplicationId, Guid AssignmentId) : ICommand;

    public sealed class Handler(AppDbContext db, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == command.AssignmentId && a.ApplicationId == command.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The assignment");
            if (assignment.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be removed; this one is {assignment.Status}.");
            assignment.Status = AssignmentStatus.Removed;
            assignment.EndedAt = time.GetUtcNow();
            assignment.EndedReason = "Removed by an administrator.";
            audit.Record("assignment.removed", "Application", assignment.ApplicationId, new { assignment.Id, assignment.ExpertId });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/applications/{id:guid}/assignments/{assignmentId:guid}", async (Guid id, Guid assignmentId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, assignmentId), ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveAssignment")
            .WithSummary("Ends an open assignment; its slot reopens (admin only).")
            .WithProblems(401, 403, 404, 409);
}
