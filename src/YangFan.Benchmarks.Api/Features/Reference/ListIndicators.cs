using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Reference;

public static class ListIndicators
{
    /// <summary>A reported value with its source.</summary>
    public sealed record ObservationView(string Period, string Region, decimal Value, string Source, string? Note);

    /// <summary>A monitoring indicator: target, latest national observation and its share of the target.</summary>
    public sealed record IndicatorView(string Code, string NameZh, string NameEn, string Unit, decimal Target, int TargetYear,
        ObservationView? Latest, decimal? PercentOfTarget, IReadOnlyList<ObservationView> Observations);

    public sealed record Query : IQuery<IReadOnlyList<IndicatorView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<IndicatorView>>
    {
        public async ValueTask<IReadOnlyList<IndicatorView>> Handle(Query query, CancellationToken ct)
        {
            var indicators = await db.Indicators.AsNoTracking().Include(i => i.Observations)
                .OrderBy(i => i.SortOrder).ToListAsync(ct);
            return indicators.Select(i =>
            {
                var observations = i.Observations
                    .OrderBy(o => o.Period, StringComparer.Ordinal).ThenBy(o => o.Region, StringComparer.Ordinal)
                    .Select(o => new ObservationView(o.Period, o.Region, o.Value, o.Source, o.Note))
                    .ToList();
                var latest = observations.LastOrDefault(o => o.Region == "national");
                decimal? percent = latest is null || i.Target == 0 ? null : Math.Round(latest.Value / i.Target * 100, 1);
                return new IndicatorView(i.Code, i.NameZh, i.NameEn, i.Unit, i.Target, i.TargetYear, latest, percent, observations);
            }).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/indicators", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListIndicators")
            .WithSummary("The plan's seven monitoring indicators with targets and reported observations.");
}
