using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class AssignExpert
{
    public sealed record Command(Guid ApplicationId, Guid ExpertId) : ICommand<AssignmentView>;

    public sealed class Handler(AppDbContext db, AssignmentService assignments, AuditTrail audit, Api.Mail.Notifier notifier) : ICommandHandler<Command, AssignmentView>
    {
        public async ValueTask<AssignmentView> Handle(Command command, CancellationToken ct)
        {
            var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == command.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The application");
            var assignment = await assignments.AssignAsync(application, command.ExpertId, ct);
            audit.Record("assignment.created", "Application", application.Id, new { assignment.Id, assignment.ExpertId, assignment.Round });
            await notifier.AssignedAsync(assignment, application, ct);
            await db.SaveChangesAsync(ct);
            return AssignmentView.From(assignment, await AssignmentEndpoints.ExpertNameAsync(db, assignment.ExpertId, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/applications/{id:guid}/assignments", async (Guid id, ManualAssignment.Body body, ISender sender, CancellationToken ct) =>
            {
                var assignment = await sender.Send(new Command(id, body.ExpertId), ct);
                return TypedResults.Created($"/api/applications/{id}/assignments", assignment);
            })
            .WithName("AssignExpert")
            .WithSummary("Assigns an expert; refused with 409 naming the rule for conflicts, capacity or organisation (admin only).")
            .WithProblems(401, 403, 404, 409);
}
