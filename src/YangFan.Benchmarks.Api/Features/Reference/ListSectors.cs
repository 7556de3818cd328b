using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Reference;

public static class ListSectors
{
    /// <summary>A key sector of the plan.</summary>
    public sealed record SectorView(string Code, string NameZh, string NameEn, string Group, string GroupZh);

    public sealed record Query : IQuery<IReadOnlyList<SectorView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<SectorView>>
    {
        public async ValueTask<IReadOnlyList<SectorView>> Handle(Query query, CancellationToken ct) =>
            await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder)
                .Select(s => new SectorView(s.Code, s.NameZh, s.NameEn, s.Group, s.GroupZh))
                .ToListAsync(ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/sectors", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListSectors")
            .WithSummary("The 15 key sectors, each with its own benchmark target.");
}
