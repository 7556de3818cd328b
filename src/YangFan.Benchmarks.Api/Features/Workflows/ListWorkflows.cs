using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Workflows;

public static class ListWorkflows
{
    public sealed record Query : IQuery<IReadOnlyList<WorkflowVersionView>>;

    /// <summary>
    /// A stored version of a workflow definition, with the applications running on it and the calls pinned to it (a
    /// programme's version by the calls whose applications start on it, a <c>call</c> version by the calls it runs).
    /// </summary>
    public sealed record WorkflowVersionView(string Key, int Version, string Status, string TitleZh, string TitleEn,
        string ContentHash, string Source, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, int Instances, int Calls);

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<WorkflowVersionView>>
    {
        public async ValueTask<IReadOnlyList<WorkflowVersionView>> Handle(Query query, CancellationToken ct)
        {
            var counts = await db.Applications.GroupBy(a => new { a.WorkflowKey, a.WorkflowVersion })
                .Select(g => new { g.Key.WorkflowKey, g.Key.WorkflowVersion, Count = g.Count() })
                .ToListAsync(ct);
            var calls = await db.Calls.GroupBy(c => new { c.WorkflowKey, c.WorkflowVersion })
                .Select(g => new { g.Key.WorkflowKey, g.Key.WorkflowVersion, Count = g.Count() })
                .ToListAsync(ct);
            var lifecycles = await db.Calls.GroupBy(c => c.LifecycleVersion)
                .Select(g => new { Version = g.Key, Count = g.Count() })
                .ToListAsync(ct);
            var versions = await db.Workflows.AsNoTracking().OrderBy(w => w.Key).ThenBy(w => w.Version).ToListAsync(ct);
            return versions.Select(w => new WorkflowVersionView(w.Key, w.Version, w.Status.ToString(), w.TitleZh, w.TitleEn, w.ContentHash,
                w.Source, w.CreatedAt, w.PublishedAt,
                counts.FirstOrDefault(c => c.WorkflowKey == w.Key && c.WorkflowVersion == w.Version)?.Count ?? 0,
                w.Key == CallLifecycle.WorkflowKey
                    ? lifecycles.FirstOrDefault(c => c.Version == w.Version)?.Count ?? 0
                    : calls.FirstOrDefault(c => c.WorkflowKey == w.Key && c.WorkflowVersion == w.Version)?.Count ?? 0)).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListWorkflows")
            .WithSummary("Every stored workflow version, draft or published, with how many applications run on it and how many calls are pinned to it (admin only).")
            .WithProblems(401, 403);
}
