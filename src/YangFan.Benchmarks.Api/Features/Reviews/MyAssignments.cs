using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class MyAssignments
{
    public sealed record Query : IQuery<IReadOnlyList<MyAssignmentView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts) : IQueryHandler<Query, IReadOnlyList<MyAssignmentView>>
    {
        public async ValueTask<IReadOnlyList<MyAssignmentView>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var rows = await (from a in db.Assignments.AsNoTracking()
                              join app in db.Applications.AsNoTracking() on a.ApplicationId equals app.Id
                              where a.ExpertId == me && AssignmentStatuses.Holding.Contains(a.Status) && a.Round == app.ReviewRound
                              orderby a.DueAt
                              select new { a, app }).ToListAsync(ct);
            var views = new List<MyAssignmentView>();
            foreach (var row in rows)
                views.Add(await OwnAssignment.ViewAsync(facts, row.a, row.app, ct));
            return views;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/me/assignments", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("MyAssignments")
            .WithSummary("The expert's review queue with due dates (experts only).")
            .WithProblems(401, 403);
}
