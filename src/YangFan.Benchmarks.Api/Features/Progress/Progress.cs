using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Features.Progress;

public static class ProgressEndpoints
{
    public static void MapProgressEndpoints(this IEndpointRouteBuilder app)
    {
        GetProgress.Map(app);
        RecordObservation.Map(app);
    }
}

public static class GetProgress
{
    public sealed record Query : IQuery<IReadOnlyList<ProgrammeProgress>>;

    /// <summary>How a programme stands against its national target, with a row per sector where the target is per sector.</summary>
    public sealed record ProgrammeProgress(string Key, string NameZh, string NameEn, string TargetScope, TargetProgress Total,
        IReadOnlyList<SectorProgress> Sectors);

    public sealed record SectorProgress(string SectorCode, string NameZh, TargetProgress Progress);

    /// <summary>
    /// Counts against one target. <c>status</c>: met (selections reached the minimum), ceiling-reached, on-track
    /// (selections plus those shortlisted or in notice would reach it), behind, or no-target.
    /// </summary>
    public sealed record TargetProgress(int Selected, int Shortlisted, int InNotice, int? MinTarget, int? MaxTarget, int? Remaining,
        string Status, IReadOnlyDictionary<string, int> Pipeline);

    public sealed class Handler(AppDbContext db, WorkflowRuntime runtime, ProgressCache cache) : IQueryHandler<Query, IReadOnlyList<ProgrammeProgress>>
    {
        public ValueTask<IReadOnlyList<ProgrammeProgress>> Handle(Query query, CancellationToken ct) => cache.GetAsync(ComputeAsync, ct);

        private async Task<IReadOnlyList<ProgrammeProgress>> ComputeAsync(CancellationToken ct)
        {
            var counts = await db.Applications.AsNoTracking()
                .GroupBy(a => new { a.ProgrammeKey, a.SectorCode, a.WorkflowKey, a.WorkflowVersion, a.State })
                .Select(g => new { g.Key.ProgrammeKey, g.Key.SectorCode, g.Key.WorkflowKey, g.Key.WorkflowVersion, g.Key.State, Count = g.Count() })
                .ToListAsync(ct);
            // Staged decisions are invisible to the public: they count where they appear to be.
            var rows = new List<(string Programme, string? Sector, string State, int Count)>();
            foreach (var c in counts)
            {
                var workflow = await runtime.CompiledAsync(c.WorkflowKey, c.WorkflowVersion, ct);
                rows.Add((c.ProgrammeKey, c.SectorCode, StateMask.Shown(workflow, c.State), c.Count));
            }
            var programmes = await db.Programmes.AsNoTracking().OrderBy(p => p.SortOrder).ToListAsync(ct);
            var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);

            return programmes.Select(p =>
            {
                var mine = rows.Where(r => r.Programme == p.Key).ToList();
                var perSector = p.TargetScope == TargetScope.PerSector;
                var bySector = perSector
                    ? sectors.Select(s => new SectorProgress(s.Code, s.NameZh,
                        Measure(mine.Where(r => r.Sector == s.Code).ToList(), p.MinTarget, p.MaxTarget))).ToList()
                    : [];
                var total = Measure(mine, perSector ? p.MinTarget * sectors.Count : p.MinTarget, perSector ? null : p.MaxTarget);
                return new ProgrammeProgress(p.Key, p.NameZh, p.NameEn, perSector ? "per-sector" : "programme", total, bySector);
            }).ToList();
        }

        private static TargetProgress Measure(List<(string Programme, string? Sector, string State, int Count)> rows, int? min, int? max)
        {
            int Count(string state) => rows.Where(r => r.State == state).Sum(r => r.Count);
            var selected = Count("Approved") + Count("Published");
            var shortlisted = Count("Shortlisted");
            var inNotice = Count("PublicNotice");
            var status = min is null && max is null ? "no-target"
                : max is { } ceiling && selected + shortlisted + inNotice >= ceiling ? "ceiling-reached"
                : min is { } m && selected >= m ? "met"
                : min is { } m2 && selected + shortlisted + inNotice >= m2 ? "on-track"
                : min is null ? "no-target" : "behind";
            var pipeline = rows.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
            return new TargetProgress(selected, shortlisted, inNotice, min, max, min is { } least ? Math.Max(0, least - selected) : null, status, pipeline);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/progress", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .AllowAnonymous()
            .WithTags("Progress")
            .WithName("GetProgress")
            .WithSummary("Progress toward the plan's targets: per programme and, for benchmarks, per sector, with the pipeline by state.");
}

/// <summary>Configuration section <c>Progress</c>.</summary>
public sealed class ProgressOptions
{
    /// <summary>
    /// How long a computed answer may serve requests while this process changes no application. A change made
    /// through this process is seen at once; one made through another process sharing the database, within this
    /// time. 0 computes every request.
    /// </summary>
    public int CacheSeconds { get; set; } = 5;
}

/// <summary>
/// The last progress answer, kept until an application changes in this process (<see cref="ApplicationChanges"/>)
/// or <see cref="ProgressOptions.CacheSeconds"/> pass. One request computes while concurrent ones wait for it,
/// so a burst of readers after a change costs one count over the applications, not one each.
/// </summary>
public sealed class ProgressCache(ApplicationChanges changes, ProgressOptions options, TimeProvider time)
{
    private sealed record Entry(long Generation, DateTimeOffset ComputedAt, IReadOnlyList<GetProgress.ProgrammeProgress> Value);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Entry? _entry;

    public async ValueTask<IReadOnlyList<GetProgress.ProgrammeProgress>> GetAsync(
        Func<CancellationToken, Task<IReadOnlyList<GetProgress.ProgrammeProgress>>> compute, CancellationToken ct)
    {
        if (options.CacheSeconds <= 0)
            return await compute(ct);
        if (Fresh() is { } hit)
            return hit;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } computedMeanwhile)
                return computedMeanwhile;
            // Read before counting: a change committed during the count moves the generation and retires this answer.
            var generation = changes.Generation;
            var value = await compute(ct);
            Volatile.Write(ref _entry, new Entry(generation, time.GetUtcNow(), value));
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private IReadOnlyList<GetProgress.ProgrammeProgress>? Fresh() =>
        Volatile.Read(ref _entry) is { } entry && entry.Generation == changes.Generation
            && time.GetUtcNow() - entry.ComputedAt < TimeSpan.FromSeconds(options.CacheSeconds)
            ? entry.Value
            : null;
}

public static partial class RecordObservation
{
    /// <summary>A reported value of an indicator.</summary>
    /// <param name="Period">A year (2023) or a month (2023-09).</param>
    /// <param name="Region">"national" or a two-digit province code.</param>
    /// <param name="Value">The reported value in the indicator's unit.</param>
    /// <param name="Source">Where it was published.</param>
    public sealed record Body(string Period, string Region, decimal Value, string Source);

    public sealed record Command(string Code, Body Body) : ICommand<Unit>;

    [GeneratedRegex("^(20[0-9]{2})(-(0[1-9]|1[0-2]))?$")]
    private static partial Regex PeriodPattern();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Period).NotEmpty().Matches(PeriodPattern()).WithMessage("Must be a year (2023) or a month (2023-09).")
                .OverridePropertyName("period");
            RuleFor(c => c.Body.Region).NotEmpty().Matches("^(national|[0-9]{2})$")
                .WithMessage("Must be 'national' or a two-digit province code.").OverridePropertyName("region");
            RuleFor(c => c.Body.Value).InclusiveBetween(0m, 1_000_000_000m).OverridePropertyName("value");
            RuleFor(c => c.Body.Source).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("source");
        }
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Indicators.AnyAsync(i => i.Code == command.Code, ct))
                throw ProblemException.NotFound($"Indicator '{command.Code}'");
            var b = command.Body;
            if (b.Region != "national" && !await db.Provinces.AnyAsync(p => p.Code == b.Region, ct))
                throw ProblemException.Invalid("region", $"'{b.Region}' is not a known province code.");
            var source = b.Source.Trim();
            if (await db.IndicatorObservations.AnyAsync(o => o.IndicatorCode == command.Code && o.Period == b.Period && o.Region == b.Region && o.Source == source, ct))
                throw ProblemException.Duplicate("This source already reported a value for that period and region.");
            db.IndicatorObservations.Add(new IndicatorObservation
            {
                Id = Guid.NewGuid(), IndicatorCode = command.Code, Period = b.Period, Region = b.Region, Value = b.Value, Source = source,
            });
            audit.Record("indicator.observed", "Indicator", command.Code, b);
            return Unit.Value;
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/indicators/{code:maxlength(64)}/observations", async (string code, Body body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(code, body), ct);
                return TypedResults.Created("/api/indicators");
            })
            .RequireAuthorization(Policies.Admin)
            .WithTags("Reference data")
            .WithName("RecordObservation")
            .WithSummary("Records a reported value of a plan indicator (admin only).")
            .WithProblems(401, 403, 404, 409);
}
