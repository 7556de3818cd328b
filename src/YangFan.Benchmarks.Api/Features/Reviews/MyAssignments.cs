using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class MyAssignments
{
    /// <param name="IncludeEnded">
    /// Also the assignments that have ended (declined, a conflict, an earlier round, reviewed in a round that has closed),
    /// each with <c>open</c> false: the expert's pages keep them listed as ended.
    /// </param>
    public sealed record Query(bool IncludeEnded = false) : IQuery<IReadOnlyList<MyAssignmentView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts) : IQueryHandler<Query, IReadOnlyList<MyAssignmentView>>
    {
        public async ValueTask<IReadOnlyList<MyAssignmentView>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var rows = await (from a in db.Assignments.AsNoTracking()
                              join app in db.Applications.AsNoTracking() on a.ApplicationId equals app.Id
                              where a.ExpertId == me
                                  && (query.IncludeEnded || (AssignmentStatuses.Holding.Contains(a.Status) && a.Round == app.ReviewRound))
                              orderby a.DueAt, a.Round
                              select new { a, app }).ToListAsync(ct);
            var views = new List<MyAssignmentView>();
            foreach (var row in rows)
                views.Add(await OwnAssignment.ViewAsync(facts, row.a, row.app, ct));
            return views;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/me/assignments", async (bool? includeEnded, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(includeEnded ?? false), ct)))
            .WithName("MyAssignments")
            .WithSummary("The expert's review queue with due dates (experts only); with includeEnded=true also the ended assignments "
                + "(declined, a conflict, an earlier round or a closed round), each with open false.")
            .WithProblems(401, 403);
}
