using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Reference;

public static class ListProvinces
{
    /// <summary>A provincial-level division by its GB/T 2260 two-digit code.</summary>
    public sealed record ProvinceView(string Code, string NameZh, string NameEn);

    public sealed record Query : IQuery<IReadOnlyList<ProvinceView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ProvinceView>>
    {
        public async ValueTask<IReadOnlyList<ProvinceView>> Handle(Query query, CancellationToken ct) =>
            await db.Provinces.AsNoTracking().OrderBy(p => p.Code)
                .Select(p => new ProvinceView(p.Code, p.NameZh, p.NameEn))
                .ToListAsync(ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/provinces", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListProvinces")
            .WithSummary("Provinces, autonomous regions, municipalities and SARs (GB/T 2260).");
}
