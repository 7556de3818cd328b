using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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

    /// <summary>A sector's whole count, and the rows of it that fall on the page, each with its title and state.</summary>
    private sealed record SectorPage(string? SectorCode, int Ranked, IReadOnlyList<RankedApplication> Applications);

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
            var reviews = new List<(string Key, int Version, ReviewDefinition Review)>();
            foreach (var (key, version) in versions)
            {
                if ((await workflows.CompiledAsync(key, version, ct)).Review() is { } review)
                    reviews.Add((key, version, review));
            }

            var perSector = programme.TargetScope == TargetScope.PerSector;
            var first = (long)(query.Page - 1) * query.PageSize;
            var sectors = db.Provider == DatabaseProvider.Postgres
                ? await RankInDatabaseAsync(call.Id, reviews, perSector, first, query.PageSize, ct)
                : await RankStreamedAsync(submitted, reviews, perSector, first, query.PageSize, ct);

            // Targets count across every call of the plan period, not just this one.
            var selected = await db.Applications.AsNoTracking().Where(await workflows.ApplicationsTaggedAsync(StateTags.HoldsTargetSlot, ct))
                .Where(a => a.ProgrammeKey == call.ProgrammeKey)
                .GroupBy(a => a.SectorCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            return sectors.Select(sector =>
            {
                var chosen = perSector ? selected.Where(s => s.Key == sector.SectorCode).Sum(s => s.Count) : selected.Sum(s => s.Count);
                return new SectorRanking(sector.SectorCode, programme.MinTarget, programme.MaxTarget, chosen,
                    programme.MinTarget is { } min ? Math.Max(0, min - chosen) : null,
                    programme.MaxTarget is { } max ? Math.Max(0, max - chosen) : null, sector.Ranked, sector.Applications);
            }).ToList();
        }

        /// <summary>
        /// PostgreSQL ranks in one statement: each application's aggregate over its current round (by its version's
        /// method), its rank in its sector, each sector's count, and only the page's rows come back. The sectors are
        /// ordered as <see cref="SectorOrder"/> orders them, passed in, so the order is the same on both providers.
        /// </summary>
        private async Task<List<SectorPage>> RankInDatabaseAsync(Guid callId, List<(string Key, int Version, ReviewDefinition Review)> reviews,
            bool perSector, long first, int pageSize, CancellationToken ct)
        {
            var keys = reviews.Select(r => r.Key).ToArray();
            var numbers = reviews.Select(r => r.Version).ToArray();
            var methods = reviews.Select(r => r.Review.Aggregation.Trim().ToLowerInvariant()).ToArray();
            var thresholds = reviews.Select(r => r.Review.DisagreementStdDev).ToArray();
            var passes = reviews.Select(r => r.Review.PassScore).ToArray();
            var minimums = reviews.Select(r => r.Review.MinReviewers).ToArray();
            var order = SectorOrder(await db.Sectors.AsNoTracking().Select(s => s.Code).ToListAsync(ct)).ToArray();
            string submitted = nameof(AssignmentStatus.Submitted), conflicted = nameof(AssignmentStatus.Conflicted);
            var holding = AssignmentStatuses.Holding.Select(s => s.ToString()).ToArray();
            var endedByConflict = AssignmentStatuses.EndedByConflict.Select(s => s.ToString()).ToArray();
            var counted = Counted.Select(s => s.ToString()).ToArray();
            string median = Scoring.Median, trimmedMean = Scoring.TrimmedMean;
            int trimmedMinimum = Scoring.TrimmedMeanMinimumCount;
            var last = first + pageSize;

            // The median's ordered-set aggregates sort every application's totals: only when a version ranks by it.
            var middles = methods.Contains(Scoring.Median)
                ? """
                  percentile_disc(0.5) WITHIN GROUP (ORDER BY s."WeightedTotal") FILTER (WHERE s."Status" = @submitted) AS lower_middle,
                  percentile_disc(0.5) WITHIN GROUP (ORDER BY s."WeightedTotal" DESC) FILTER (WHERE s."Status" = @submitted) AS upper_middle
                  """
                : "NULL::numeric AS lower_middle, NULL::numeric AS upper_middle";
            var rows = await db.Database.SqlQueryRaw<RankingRow>(RankingSql.Replace("{middles}", middles, StringComparison.Ordinal),
                new NpgsqlParameter("keys", keys),
                new NpgsqlParameter("numbers", numbers),
                new NpgsqlParameter("methods", methods),
                new NpgsqlParameter("thresholds", thresholds),
                new NpgsqlParameter("passes", passes),
                new NpgsqlParameter("minimums", minimums),
                new NpgsqlParameter("per_sector", perSector),
                new NpgsqlParameter("submitted", submitted),
                new NpgsqlParameter("conflicted", conflicted),
                new NpgsqlParameter("holding", holding),
                new NpgsqlParameter("ended_by_conflict", endedByConflict),
                new NpgsqlParameter("counted", counted),
                new NpgsqlParameter("call", callId),
                new NpgsqlParameter("median", median),
                new NpgsqlParameter("trimmed_mean", trimmedMean),
                new NpgsqlParameter("trimmed_minimum", trimmedMinimum),
                new NpgsqlParameter("sector_order", order),
                new NpgsqlParameter("first", first),
                new NpgsqlParameter("last", last)).ToListAsync(ct);

            return rows.Where(r => r.Id is null).OrderBy(r => r.Position).Select(sector => new SectorPage(sector.SectorCode, (int)sector.Ranked,
                rows.Where(r => r.Id is not null && r.Position == sector.Position).OrderBy(r => r.Rank).Select(r =>
                {
                    var count = (int)r.Reviews!.Value;
                    return new RankedApplication((int)r.Rank!.Value, r.Id!.Value, r.Title!, r.State!, count, r.Score, r.StdDev, r.StdDev > r.Threshold,
                        r.Score >= r.PassScore && count >= r.MinReviewers, (int)r.Excluded!.Value,
                        AssignmentStatuses.ReplacementNeeded((int)r.EndedByConflict!.Value, (int)r.Holding!.Value, r.MinReviewers!.Value));
                }).ToList())).ToList();
        }

        /// <summary>
        /// SQLite (the embedded default, a small deployment) streams the current rounds past once, an application at a
        /// time, keeping only each application's aggregate, and ranks in memory.
        /// </summary>
        private async Task<List<SectorPage>> RankStreamedAsync(IQueryable<Application> submitted, List<(string Key, int Version, ReviewDefinition Review)> reviews,
            bool perSector, long first, int pageSize, CancellationToken ct)
        {
            var ranked = new List<Ranked>();
            foreach (var (key, version, review) in reviews)
            {
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

            var order = SectorOrder(ranked.Select(r => perSector ? r.SectorCode : null).Distinct());
            var sectors = ranked
                .GroupBy(r => perSector ? r.SectorCode : null)
                .OrderBy(g => order.IndexOf(g.Key))
                .Select(g => (g.Key, Rows: g.OrderByDescending(r => r.Result.Score ?? -1).ThenByDescending(r => r.Result.Count).ThenBy(r => r.Id).ToList()))
                .ToList();

            // The page's rows, and their titles and states in one query.
            var onPage = new List<(int Rank, Ranked Row)>[sectors.Count];
            long before = 0;
            for (var i = 0; i < sectors.Count; i++)
            {
                var rows = sectors[i].Rows;
                var from = (int)Math.Clamp(first - before, 0, rows.Count);
                var to = (int)Math.Clamp(first + pageSize - before, 0, rows.Count);
                onPage[i] = rows.GetRange(from, to - from).Select((r, j) => (from + j + 1, r)).ToList();
                before += rows.Count;
            }
            var ids = onPage.SelectMany(p => p).Select(r => r.Row.Id).ToList();
            var shown = ids.Count == 0 ? [] : await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => new { a.Id, a.Title, a.State }).ToDictionaryAsync(a => a.Id, ct);
            return sectors.Select((sector, i) => new SectorPage(sector.Key, sector.Rows.Count, onPage[i].Select(p =>
                new RankedApplication(p.Rank, p.Row.Id, shown[p.Row.Id].Title, shown[p.Row.Id].State, p.Row.Result.Count, p.Row.Result.Score,
                    p.Row.Result.StdDev, p.Row.Result.Disagreement, p.Row.Passes, p.Row.Excluded, p.Row.Replacement)).ToList())).ToList();
        }
    }

    /// <summary>The order of the sectors in the ranking: by code (as the ranking has always listed them), no sector first.</summary>
    private static List<string?> SectorOrder(IEnumerable<string?> sectors) => sectors.Order().ToList();

    /// <summary>The PostgreSQL ranking statement; <c>{middles}</c> is the median's aggregates or two nulls, never input.</summary>
    private const string RankingSql = """
                WITH versions AS (
                    SELECT * FROM unnest(@keys::text[], @numbers::integer[], @methods::text[], @thresholds::numeric[], @passes::numeric[], @minimums::integer[])
                        AS v(key, number, method, threshold, pass, minimum)),
                aggregated AS (
                    SELECT a."Id" AS id, CASE WHEN @per_sector THEN a."SectorCode" END AS sector, v.method, v.threshold, v.pass, v.minimum,
                        count(s."WeightedTotal") FILTER (WHERE s."Status" = @submitted) AS n,
                        sum(s."WeightedTotal") FILTER (WHERE s."Status" = @submitted) AS total,
                        min(s."WeightedTotal") FILTER (WHERE s."Status" = @submitted) AS lowest,
                        max(s."WeightedTotal") FILTER (WHERE s."Status" = @submitted) AS highest,
                        {middles},
                        stddev_pop(s."WeightedTotal") FILTER (WHERE s."Status" = @submitted) AS spread,
                        count(s."WeightedTotal") FILTER (WHERE s."Status" = @conflicted) AS excluded,
                        count(s."Status") FILTER (WHERE s."Status" = ANY (@holding)) AS holding,
                        count(s."Status") FILTER (WHERE s."Status" = ANY (@ended_by_conflict)) AS ended_by_conflict
                    FROM "Applications" a
                    JOIN versions v ON v.key = a."WorkflowKey" AND v.number = a."WorkflowVersion"
                    LEFT JOIN "Assignments" s ON s."ApplicationId" = a."Id" AND s."Round" = a."ReviewRound" AND s."Status" = ANY (@counted)
                    WHERE a."CallId" = @call AND a."SubmittedAt" IS NOT NULL
                    GROUP BY a."Id", v.method, v.threshold, v.pass, v.minimum),
                scored AS (
                    SELECT *, round(CASE WHEN n = 0 THEN NULL
                                         WHEN method = @median THEN (lower_middle + upper_middle) / 2
                                         WHEN method = @trimmed_mean AND n >= @trimmed_minimum THEN (total - lowest - highest) / (n - 2)
                                         ELSE total / n END, 2) AS score,
                        round(spread, 2) AS std_dev,
                        coalesce(array_position(@sector_order::text[], sector), 0) AS position
                    FROM aggregated),
                ranked AS (
                    SELECT *, row_number() OVER (PARTITION BY position ORDER BY coalesce(score, -1) DESC, n DESC, id) AS rank
                    FROM scored),
                sectors AS (
                    SELECT position, sector, count(*) AS ranked FROM ranked GROUP BY position, sector),
                placed AS (
                    SELECT *, sum(ranked) OVER (ORDER BY position) - ranked AS before FROM sectors)
                SELECT p.position AS "Position", p.sector AS "SectorCode", p.ranked AS "Ranked", NULL::uuid AS "Id", NULL::bigint AS "Rank",
                       NULL AS "Title", NULL AS "State", NULL::bigint AS "Reviews", NULL::numeric AS "Score", NULL::numeric AS "StdDev",
                       NULL::numeric AS "Threshold", NULL::numeric AS "PassScore", NULL::integer AS "MinReviewers", NULL::bigint AS "Excluded",
                       NULL::bigint AS "Holding", NULL::bigint AS "EndedByConflict"
                FROM placed p
                UNION ALL
                SELECT p.position, p.sector, p.ranked, r.id, r.rank, a."Title", a."State", r.n, r.score, r.std_dev, r.threshold, r.pass, r.minimum,
                       r.excluded, r.holding, r.ended_by_conflict
                FROM ranked r JOIN placed p ON p.position = r.position JOIN "Applications" a ON a."Id" = r.id
                WHERE p.before + r.rank > @first AND p.before + r.rank <= @last
        """;

    /// <summary>A row of the PostgreSQL ranking statement: a sector's count (no <c>Id</c>), or one of the page's applications.</summary>
    private sealed class RankingRow
    {
        public int Position { get; init; }
        public string? SectorCode { get; init; }
        public long Ranked { get; init; }
        public Guid? Id { get; init; }
        public long? Rank { get; init; }
        public string? Title { get; init; }
        public string? State { get; init; }
        public long? Reviews { get; init; }
        public decimal? Score { get; init; }
        public decimal? StdDev { get; init; }
        public decimal? Threshold { get; init; }
        public decimal? PassScore { get; init; }
        public int? MinReviewers { get; init; }
        public long? Excluded { get; init; }
        public long? Holding { get; init; }
        public long? EndedByConflict { get; init; }
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
