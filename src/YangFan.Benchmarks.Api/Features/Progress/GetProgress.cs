using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Reference;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Progress;

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

    public sealed class Handler(AppDbContext db, WorkflowRuntime runtime, ProgressCache cache, IServiceScopeFactory scopes)
        : IQueryHandler<Query, IReadOnlyList<ProgrammeProgress>>
    {
        public ValueTask<IReadOnlyList<ProgrammeProgress>> Handle(Query query, CancellationToken ct) =>
            cache.GetAsync(c => ComputeAsync(db, runtime, c), ct, detached: ComputeInOwnScopeAsync);

        /// <summary>For a refresh in the background, which outlives the request that started it.</summary>
        private async Task<IReadOnlyList<ProgrammeProgress>> ComputeInOwnScopeAsync(CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await ComputeAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<WorkflowRuntime>(), ct);
        }

        private static async Task<IReadOnlyList<ProgrammeProgress>> ComputeAsync(AppDbContext db, WorkflowRuntime runtime, CancellationToken ct)
        {
            // Maintained by the database with every move (ProgressCounts): no count over the applications here.
            var counts = await ProgressCounts.ReadAsync(db, ct);
            // Staged decisions are invisible to the public: they count where they appear to be.
            var rows = new List<(string Programme, string? Sector, string State, Standing Standing, int Count)>();
            foreach (var c in counts)
            {
                var workflow = await runtime.CompiledAsync(c.WorkflowKey, c.WorkflowVersion, ct);
                var shown = StateMask.Shown(workflow, c.State);
                rows.Add((c.ProgrammeKey, c.SectorCode, shown, StandingOf(workflow, shown), checked((int)c.Count)));
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

        /// <summary>Where a state stands toward the target, by its tags: selected, in notice, or otherwise holding a slot.</summary>
        private enum Standing { None, Shortlisted, InNotice, Selected }

        private static Standing StandingOf(CompiledWorkflow workflow, string state) =>
            workflow.HasTag(state, StateTags.Approved) || workflow.HasTag(state, StateTags.Published) ? Standing.Selected
            : workflow.HasTag(state, StateTags.InNotice) ? Standing.InNotice
            : workflow.HasTag(state, StateTags.HoldsTargetSlot) ? Standing.Shortlisted
            : Standing.None;

        private static TargetProgress Measure(List<(string Programme, string? Sector, string State, Standing Standing, int Count)> rows, int? min, int? max)
        {
            int Count(Standing standing) => rows.Where(r => r.Standing == standing).Sum(r => r.Count);
            var selected = Count(Standing.Selected);
            var shortlisted = Count(Standing.Shortlisted);
            var inNotice = Count(Standing.InNotice);
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
