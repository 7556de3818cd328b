using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Reference;

public static class ListCities
{
    /// <summary>
    /// A city specifically designated in the state plan (计划单列市) by its GB/T 2260 four-digit code, with its province:
    /// it recommends on its own, and an organisation registered there is its city's, not its province's, to recommend.
    /// </summary>
    public sealed record CityView(string Code, string NameZh, string NameEn, string ProvinceCode);

    public sealed record Query : IQuery<IReadOnlyList<CityView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<CityView>>
    {
        public async ValueTask<IReadOnlyList<CityView>> Handle(Query query, CancellationToken ct) =>
            await db.Cities.AsNoTracking().OrderBy(c => c.Code)
                .Select(c => new CityView(c.Code, c.NameZh, c.NameEn, c.ProvinceCode))
                .ToListAsync(ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/cities", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListCities")
            .WithSummary("The sub-provincial cities (计划单列市) that recommend separately from their provinces (GB/T 2260).");
}
