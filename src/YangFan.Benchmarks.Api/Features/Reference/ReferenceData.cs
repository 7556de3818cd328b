using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reference;

/// <summary>The plan's reference data, public to everyone: sectors, programmes, provinces, indicators.</summary>
public static class ReferenceDataEndpoints
{
    public static void MapReferenceDataEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Reference data").AllowAnonymous();
        ListSectors.Map(group);
        ListProgrammes.Map(group);
        ListProvinces.Map(group);
        ListIndicators.Map(group);
    }
}

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

public static class ListProgrammes
{
    /// <summary>A selection programme with its national target; a null bound means the plan sets none.</summary>
    public sealed record ProgrammeView(string Key, string NameZh, string NameEn, string? Description,
        string TargetScope, int? MinTarget, int? MaxTarget);

    public sealed record Query : IQuery<IReadOnlyList<ProgrammeView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ProgrammeView>>
    {
        public async ValueTask<IReadOnlyList<ProgrammeView>> Handle(Query query, CancellationToken ct)
        {
            var programmes = await db.Programmes.AsNoTracking().OrderBy(p => p.SortOrder).ToListAsync(ct);
            return programmes
                .Select(p => new ProgrammeView(p.Key, p.NameZh, p.NameEn, p.Description,
                    p.TargetScope == Domain.Reference.TargetScope.PerSector ? "per-sector" : "programme", p.MinTarget, p.MaxTarget))
                .ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/programmes", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListProgrammes")
            .WithSummary("The selection programmes and their national targets.");
}

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
