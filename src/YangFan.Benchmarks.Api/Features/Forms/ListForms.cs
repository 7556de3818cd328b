using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class ListForms
{
    public sealed record Query : IQuery<IReadOnlyList<FormVersionView>>;

    /// <summary>
    /// A stored version of a form definition; <c>calls</c> is how many calls pin it, <c>applications</c> how many
    /// applications those calls hold.
    /// </summary>
    public sealed record FormVersionView(string Key, int Version, string Status, string Programme, string TitleZh, string TitleEn,
        string ContentHash, string Source, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, int Calls, int Applications);

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<FormVersionView>>
    {
        public async ValueTask<IReadOnlyList<FormVersionView>> Handle(Query query, CancellationToken ct)
        {
            var counts = await db.Calls.Where(c => c.FormVersion != null).GroupBy(c => new { c.FormKey, c.FormVersion })
                .Select(g => new { g.Key.FormKey, g.Key.FormVersion, Count = g.Count() }).ToListAsync(ct);
            var applications = await db.Applications.Join(db.Calls.Where(c => c.FormVersion != null), a => a.CallId, c => c.Id, (a, c) => new { c.FormKey, c.FormVersion })
                .GroupBy(x => new { x.FormKey, x.FormVersion })
                .Select(g => new { g.Key.FormKey, g.Key.FormVersion, Count = g.Count() }).ToListAsync(ct);
            var versions = await db.Forms.AsNoTracking().OrderBy(f => f.Key).ThenBy(f => f.Version).ToListAsync(ct);
            return versions.Select(f => new FormVersionView(f.Key, f.Version, f.Status.ToString(), f.Programme, f.TitleZh, f.TitleEn,
                f.ContentHash, f.Source, f.CreatedAt, f.PublishedAt,
                counts.FirstOrDefault(c => c.FormKey == f.Key && c.FormVersion == f.Version)?.Count ?? 0,
                applications.FirstOrDefault(c => c.FormKey == f.Key && c.FormVersion == f.Version)?.Count ?? 0)).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListForms")
            .WithSummary("Every stored form version, draft or published, with how many calls pin it and how many applications they hold (admin only).")
            .WithProblems(401, 403);
}
