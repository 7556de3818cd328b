using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ConfirmNoConflict
{
    public sealed record Command(Guid AssignmentId) : ICommand<MyAssignmentView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, MyAssignmentView>
    {
        public async ValueTask<MyAssignmentView> Handle(Command command, CancellationToken ct)
        {
            var (assignment, application) = await OwnAssignment.LoadAsync(db, user, command.AssignmentId, ct);
            if (assignment.Status == AssignmentStatus.Conflicted)
                throw ProblemException.AssignmentConflicted();
            if (assignment.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be confirmed; this one is {assignment.Status}.");
            // Confirming twice (a second tab, a retry) confirms once: the first time stands.
            if (assignment.Confirmed)
                return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
            assignment.ConfirmedAt = time.GetUtcNow();
            audit.Record("assignment.no-conflict-confirmed", "Application", application.Id, new { assignment.Id, assignment.Round });
            await db.SaveChangesAsync(ct);
            return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/assignments/{id:guid}/confirm-no-conflict", async (Guid id, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(new Command(id), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("ConfirmNoConflict")
            .WithSummary("The expert confirms having no conflict of interest with the applicant (回避): only then are the application's content "
                + "and attachments shown and the review opened. Until then the expert may decline or declare a conflict.")
            .WithProblems(401, 403, 404, 409);
}
