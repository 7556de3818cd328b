using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Directories;

public static class ListDirectories
{
    public sealed record Query(string? Programme) : IQuery<IReadOnlyList<DirectorySummary>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<DirectorySummary>>
    {
        public async ValueTask<IReadOnlyList<DirectorySummary>> Handle(Query query, CancellationToken ct) =>
            await db.Directories.AsNoTracking().Where(d => query.Programme == null || d.ProgrammeKey == query.Programme)
                .OrderByDescending(d => d.PublishedAt)
                .Select(d => new DirectorySummary(d.Id, d.CallId, d.ProgrammeKey, d.Number, d.TitleZh, d.TitleEn, d.PublishedAt, d.ContentHash,
                    d.EntryCount, d.ActiveCount))
                .ToListAsync(ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, string? programme = null) =>
                TypedResults.Ok(await sender.Send(new Query(programme), ct)))
            .WithName("ListDirectories")
            .WithSummary("Every published directory version, newest first.");
}
