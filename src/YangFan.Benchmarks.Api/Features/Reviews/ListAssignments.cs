using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ListAssignments
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<AssignmentView>>;

    public sealed class Handler(AppDbContext db, WorkflowRuntime runtime) : IQueryHandler<Query, IReadOnlyList<AssignmentView>>
    {
        public async ValueTask<IReadOnlyList<AssignmentView>> Handle(Query query, CancellationToken ct)
        {
            var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == query.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The application");
            var rows = await (from a in db.Assignments.AsNoTracking()
                              join u in db.Users on a.ExpertId equals u.Id
                              where a.ApplicationId == query.ApplicationId
                              orderby a.Round, a.CreatedAt
                              select new { a, u.DisplayName }).ToListAsync(ct);
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            var current = rows.Where(r => r.a.Round == application.ReviewRound).Select(r => r.a.Status).ToList();
            var shortOfReviewers = workflow.Review() is { } review && AssignmentStatuses.ReplacementNeeded(current, review.MinReviewers);
            return rows.Select(r => AssignmentView.From(r.a, r.DisplayName, shortOfReviewers && r.a.Round == application.ReviewRound
                && AssignmentStatuses.EndedByConflict.Contains(r.a.Status))).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/applications/{id:guid}/assignments", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListAssignments")
            .WithSummary("Every assignment of the application with its review (admin only).")
            .WithProblems(401, 403, 404);
}
