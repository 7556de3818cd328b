using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Reference;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class Ranking
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>
    /// A page of the call's ranking: the ranked applications in order (sector by sector, each sector by rank) from
    /// row <c>(page - 1) × pageSize + 1</c> on.
    /// </summary>
    public sealed record Query(Guid CallId, int Page = 1, int PageSize = DefaultPageSize) : IQuery<IReadOnlyList<SectorRanking>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        }
    }

    /// <summary>
    /// One sector's ranking (or the whole programme's, with a null sector) and how far its target is from met. Every
    /// page lists every sector that has ranked applications, with <c>Ranked</c> (how many it has in all) and the
    /// targets; <c>Applications</c> holds the sector's rows that fall on this page, possibly none.
    /// </summary>
    public sealed record SectorRanking(string? SectorCode, int? MinTarget, int? MaxTarget, int Selected, int? SlotsToMinimum,
        int? SlotsToCeiling, int Ranked, IReadOnlyList<RankedApplication> Applications);

    /// <summary>
    /// An application's aggregate over the current round's reviews. <c>ExcludedReviews</c> counts reviews of the round
    /// that a later conflict of interest took out of the aggregate; <c>ReplacementNeeded</c> says a conflict left the
    /// round short of reviewers.
    /// </summary>
    public sealed record RankedApplication(int Rank, Guid ApplicationId, string Title, string State, int Reviews, decimal? Score,
        decimal? StdDev, bool Disagreement, bool Passes, int ExcludedReviews, bool ReplacementNeeded);

    /// <summary>The statuses of the current round that the aggregate and the replacement flag look at.</summary>
    private static readonly AssignmentStatus[] Counted = [.. AssignmentStatuses.Holding, .. AssignmentStatuses.EndedByConflict];

    /// <summary>One assignment of an application's current round (none: a row with a null status), ordered by application.</summary>
    private sealed record RoundRow(Guid ApplicationId, string? SectorCode, AssignmentStatus? Status, decimal? WeightedTotal);

    /// <summary>What ranking keeps of an application: its aggregate, without its title, content or reviews.</summary>
    private sealed record Ranked(Guid Id, string? SectorCode, AggregateResult Result, bool Passes, int Excluded, bool Replacement);

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows) : IQueryHandler<Query, IReadOnlyList<SectorRanking>>
    {
        public async ValueTask<IReadOnlyList<SectorRanking>> Handle(Query query, CancellationToken ct)
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.CallId, ct) ?? throw ProblemException.NotFound("The call");
            var programme = await db.Programmes.AsNoTracking().FirstAsync(p => p.Key == call.ProgrammeKey, ct);
            var submitted = db.Applications.AsNoTracking().Where(a => a.CallId == call.Id && a.SubmittedAt != null);
            var versions = (await submitted.Select(a => new { a.WorkflowKey, a.WorkflowVersion }).Distinct().ToListAsync(ct))
                .Select(v => (v.WorkflowKey, v.WorkflowVersion)).ToList();
            await workflows.ResolveAsync(versions, ct);

            // The rounds stream past once, an application at a time: only each application's aggregate stays in memory.
            var ranked = new List<Ranked>();
            foreach (var (key, version) in versions)
            {
                if ((await workflows.CompiledAsync(key, version, ct)).Review() is not { } review)
                    continue;
                var rows = from a in submitted.Where(a => a.WorkflowKey == key && a.WorkflowVersion == version)
                    join s in db.Assignments.AsNoTracking().Where(s => Counted.Contains(s.Status))
                        on new { Id = a.Id, Round = a.ReviewRound } equals new { Id = s.ApplicationId, Round = s.Round } into round
                    from s in round.DefaultIfEmpty()
                    orderby a.Id
                    select new RoundRow(a.Id, a.SectorCode, s == null ? null : s.Status, s == null ? null : s.WeightedTotal);
                var tally = new RoundTally(review);
                await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
                {
                    if (tally.Next(row) is { } done)
                        ranked.Add(done);
                }
                if (tally.Finish() is { } last)
                    ranked.Add(last);
            }

            // Targets count across every call of the plan period, not just this one.
            var selected = await db.Applications.AsNoTracking().Where(await workflows.ApplicationsTaggedAsync(StateTags.HoldsTargetSlot, ct))
                .Where(a => a.ProgrammeKey == call.ProgrammeKey)
                .GroupBy(a => a.SectorCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

            var perSector = programme.TargetScope == TargetScope.PerSector;
            var sectors = ranked
                .GroupBy(r => perSector ? r.SectorCode : null)
                .OrderBy(g => g.Key)
                .Select(g => (g.Key, Rows: g.OrderByDescending(r => r.Result.Score ?? -1).ThenByDescending(r => r.Result.Count).ThenBy(r => r.Id).ToList()))
                .ToList();

            // The page's rows, and their titles and states in one query.
            var first = (long)(query.Page - 1) * query.PageSize;
            var onPage = new List<Ranked>[sectors.Count];
            var firstRank = new int[sectors.Count];
            long before = 0;
            for (var i = 0; i < sectors.Count; i++)
            {
                var rows = sectors[i].Rows;
                var from = (int)Math.Clamp(first - before, 0, rows.Count);
                var to = (int)Math.Clamp(first + query.PageSize - before, 0, rows.Count);
                onPage[i] = rows.GetRange(from, to - from);
                firstRank[i] = from + 1;
                before += rows.Count;
            }
            var ids = onPage.SelectMany(p => p).Select(r => r.Id).ToList();
            var shown = ids.Count == 0 ? [] : await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => new { a.Id, a.Title, a.State }).ToDictionaryAsync(a => a.Id, ct);

            return sectors.Select((sector, i) =>
            {
                var chosen = perSector ? selected.Where(s => s.Key == sector.Key).Sum(s => s.Count) : selected.Sum(s => s.Count);
                var rows = onPage[i].Select((r, j) => new RankedApplication(firstRank[i] + j, r.Id, shown[r.Id].Title, shown[r.Id].State,
                    r.Result.Count, r.Result.Score, r.Result.StdDev, r.Result.Disagreement, r.Passes, r.Excluded, r.Replacement)).ToList();
                return new SectorRanking(sector.Key, programme.MinTarget, programme.MaxTarget, chosen,
                    programme.MinTarget is { } min ? Math.Max(0, min - chosen) : null,
                    programme.MaxTarget is { } max ? Math.Max(0, max - chosen) : null, sector.Rows.Count, rows);
            }).ToList();
        }
    }

    /// <summary>Folds the rows of one application's current round, as they stream past in application order, into its aggregate.</summary>
    private sealed class RoundTally(ReviewDefinition review)
    {
        private readonly List<decimal> _totals = [];
        private readonly List<AssignmentStatus> _statuses = [];
        private Guid? _application;
        private string? _sector;
        private int _excluded;

        /// <summary>Takes a row; returns the previous application's aggregate when this row starts the next one.</summary>
        public Ranked? Next(RoundRow row)
        {
            var done = row.ApplicationId == _application ? null : Finish();
            if (_application is null)
            {
                _application = row.ApplicationId;
                _sector = row.SectorCode;
            }
            if (row.Status is not { } status)
                return done;
            _statuses.Add(status);
            if (row.WeightedTotal is { } total)
            {
                if (status == AssignmentStatus.Submitted)
                    _totals.Add(total);
                else if (status == AssignmentStatus.Conflicted)
                    _excluded++;
            }
            return done;
        }

        /// <summary>The aggregate of the application taken so far, if any, and a clean slate for the next.</summary>
        public Ranked? Finish()
        {
            if (_application is not { } id)
                return null;
            var result = Scoring.Aggregate(review.Aggregation, _totals, review.DisagreementStdDev);
            var ranked = new Ranked(id, _sector, result, result.Score >= review.PassScore && result.Count >= review.MinReviewers, _excluded,
                AssignmentStatuses.ReplacementNeeded(_statuses, review.MinReviewers));
            _application = null;
            _totals.Clear();
            _statuses.Clear();
            _excluded = 0;
            return ranked;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/calls/{id:guid}/ranking", async (Guid id, ISender sender, CancellationToken ct, int page = 1, int pageSize = DefaultPageSize) =>
                TypedResults.Ok(await sender.Send(new Query(id, page, pageSize), ct)))
            .WithName("CallRanking")
            .WithSummary("Applications ranked by aggregate score within each sector, with pass/fail, disagreement and target slots, a page at a time (admin only).")
            .WithProblems(401, 403, 404);
}
