using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Reference;
using YangFan.Benchmarks.Domain.Review;
using YangFan.Benchmarks.Workflows;

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
    /// targets; <c>Applications</c> holds the sector's rows that fall on this page, possibly none. <c>Selected</c>
    /// counts the applications holding a target slot nationally (every call of the programme, shortlisted to published),
    /// <c>Approved</c> those of them already approved or published, and <c>ShortlistedInCall</c> this call's
    /// applications holding a slot.
    /// </summary>
    public sealed record SectorRanking(string? SectorCode, int? MinTarget, int? MaxTarget, int Selected, int? SlotsToMinimum,
        int? SlotsToCeiling, int Ranked, IReadOnlyList<RankedApplication> Applications, int Approved = 0, int ShortlistedInCall = 0);

    /// <summary>
    /// An application's aggregate over the current round's reviews. <c>ExcludedReviews</c> counts reviews of the round
    /// that a later conflict of interest took out of the aggregate; <c>ReplacementNeeded</c> says a conflict left the
    /// round short of reviewers. <c>Disagreement</c>: the reviewers' totals spread wider than the workflow's
    /// <c>disagreementStdDev</c>. <c>Version</c> (for If-Match) and <c>Decisions</c> (the transitions an administrator
    /// may fire from its state now, as the workflow titles them: shortlist, reject, reconsider in the shipped ones)
    /// let a client decide on the row; <c>StateTitleZh</c> and <c>StateTitleEn</c> title its state as the workflow does.
    /// </summary>
    public sealed record RankedApplication(int Rank, Guid ApplicationId, string Title, string State, int Reviews, decimal? Score,
        decimal? StdDev, bool Disagreement, bool Passes, int ExcludedReviews, bool ReplacementNeeded)
    {
        public int Version { get; init; }

        public string? StateTitleZh { get; init; }

        public string? StateTitleEn { get; init; }

        public IReadOnlyList<Decision> Decisions { get; init; } = [];
    }

    /// <summary>A transition an administrator may fire on a ranked application, with its titles and whether it needs a reason.</summary>
    public sealed record Decision(string Trigger, string TitleZh, string TitleEn, bool RequiresComment);

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
            var perSector = programme.TargetScope == TargetScope.PerSector;
            var first = (long)(query.Page - 1) * query.PageSize;
            var sectors = db.Provider == DatabaseProvider.Postgres
                ? await RankStoredAsync(call.Id, perSector, first, query.PageSize, ct)
                : await RankStreamedAsync(call.Id, perSector, first, query.PageSize, ct);

            // Targets count across every call of the plan period, not just this one.
            var programmeApplications = db.Applications.AsNoTracking().Where(a => a.ProgrammeKey == call.ProgrammeKey);
            // Both filters from one read of the published versions.
            var filters = await workflows.ApplicationsInEachAsync(
                [w => w.StatesTagged(StateTags.HoldsTargetSlot), w => w.StatesTagged(StateTags.Approved).Concat(w.StatesTagged(StateTags.Published))], ct);
            var holding = filters[0];
            var selected = await CountBySectorAsync(programmeApplications.Where(holding), ct);
            var approved = await CountBySectorAsync(programmeApplications.Where(filters[1]), ct);
            var inCall = await CountBySectorAsync(db.Applications.AsNoTracking().Where(a => a.CallId == call.Id).Where(holding), ct);
            var decisions = await DecisionsAsync(sectors.SelectMany(s => s.Applications).ToList(), ct);
            return sectors.Select(sector =>
            {
                int Of(Dictionary<string, int> counts) => perSector ? counts.GetValueOrDefault(sector.SectorCode ?? "") : counts.Values.Sum();
                var chosen = Of(selected);
                return new SectorRanking(sector.SectorCode, programme.MinTarget, programme.MaxTarget, chosen,
                    programme.MinTarget is { } min ? Math.Max(0, min - chosen) : null,
                    programme.MaxTarget is { } max ? Math.Max(0, max - chosen) : null, sector.Ranked,
                    sector.Applications.Select(a => decisions.GetValueOrDefault(a.ApplicationId, a)).ToList(),
                    Of(approved), Of(inCall));
            }).ToList();
        }

        /// <summary>How many of the applications fall in each sector (none: the empty code).</summary>
        private static async Task<Dictionary<string, int>> CountBySectorAsync(IQueryable<Domain.Applications.Application> applications, CancellationToken ct) =>
            (await applications.GroupBy(a => a.SectorCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .ToDictionary(g => g.Key ?? "", g => g.Count);

        /// <summary>The page's rows with their versions, state titles and the transitions an administrator may fire on each now.</summary>
        private async Task<Dictionary<Guid, RankedApplication>> DecisionsAsync(List<RankedApplication> page, CancellationToken ct)
        {
            var ids = page.Select(a => a.ApplicationId).ToList();
            var rows = ids.Count == 0 ? [] : await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => new { a.Id, a.Version, a.WorkflowKey, a.WorkflowVersion, a.State }).ToDictionaryAsync(a => a.Id, ct);
            var result = new Dictionary<Guid, RankedApplication>();
            foreach (var application in page)
            {
                var row = rows[application.ApplicationId];
                var workflow = await workflows.CompiledAsync(row.WorkflowKey, row.WorkflowVersion, ct);
                var title = workflow.HasState(row.State) ? workflow.State(row.State).Title : null;
                result[row.Id] = application with
                {
                    Version = row.Version,
                    StateTitleZh = title?.Zh ?? row.State,
                    StateTitleEn = title?.En ?? row.State,
                    Decisions = workflow.TransitionsFrom(row.State)
                        .Where(t => !t.Auto && t.Roles.Contains(Roles.Admin) && DedicatedTriggers.Find(t.Trigger) is null)
                        .DistinctBy(t => t.Trigger)
                        .Select(t => new Decision(t.Trigger, t.Title?.Zh ?? t.Trigger, t.Title?.En ?? t.Trigger, t.RequiresComment)).ToList(),
                };
            }
            return result;
        }

        /// <summary>The review blocks of the given workflow versions, those that have one.</summary>
        private async Task<Dictionary<(string Key, int Version), ReviewDefinition>> ReviewsOfAsync(IReadOnlyCollection<(string Key, int Version)> versions,
            CancellationToken ct)
        {
            await workflows.ResolveAsync(versions, ct);
            var reviews = new Dictionary<(string Key, int Version), ReviewDefinition>();
            foreach (var version in versions)
            {
                if ((await workflows.CompiledAsync(version.Key, version.Version, ct)).Review() is { } review)
                    reviews[version] = review;
            }
            return reviews;
        }

        /// <summary>
        /// PostgreSQL reads the aggregates its triggers keep (<see cref="ReviewAggregate"/>, docs/decisions/0024): the
        /// sectors' counts from the ranking index, then, for each sector the page falls on, one range of that index from
        /// the page's first rank, joined to the page's applications. Nothing is aggregated on the request.
        /// </summary>
        private async Task<List<SectorPage>> RankStoredAsync(Guid callId, bool perSector, long first, int pageSize, CancellationToken ct)
        {
            var counts = await db.ReviewAggregates.AsNoTracking().Where(r => r.CallId == callId && r.Ranked)
                .GroupBy(r => r.Sector).Select(g => new { Sector = g.Key, Count = g.Count() }).ToListAsync(ct);
            var groups = perSector
                ? counts.Select(c => (Code: c.Sector == "" ? null : c.Sector, c.Sector, c.Count)).ToList()
                : counts.Count == 0 ? [] : [(Code: (string?)null, Sector: "", Count: counts.Sum(c => c.Count))];
            var order = SectorOrder(groups.Select(g => g.Code));
            groups = groups.OrderBy(g => order.IndexOf(g.Code)).ToList();

            var ranges = OnPage(groups.Select(g => g.Count).ToList(), first, pageSize)
                .Where(r => r.Take > 0).Select(r => (groups[r.Group].Sector, r.Skip, r.Take)).ToList();
            var rows = ranges.Count == 0 ? [] : await db.Database.SqlQueryRaw<StoredRow>(perSector ? SectorPageSql : CallPageSql,
                new NpgsqlParameter("call", callId),
                new NpgsqlParameter("sectors", ranges.Select(r => r.Sector).ToArray()),
                new NpgsqlParameter("skips", ranges.Select(r => r.Skip).ToArray()),
                new NpgsqlParameter("takes", ranges.Select(r => r.Take).ToArray())).ToListAsync(ct);

            var reviews = await ReviewsOfAsync(rows.Select(r => (r.WorkflowKey, r.WorkflowVersion)).Distinct().ToList(), ct);
            return groups.Select(group => new SectorPage(group.Code, group.Count, rows.Where(r => r.Sector == group.Sector).OrderBy(r => r.Rank).Select(r =>
            {
                var review = reviews[(r.WorkflowKey, r.WorkflowVersion)];
                return new RankedApplication((int)r.Rank, r.ApplicationId, r.Title, r.State, r.Reviews, r.Score, r.StdDev, r.StdDev > review.DisagreementStdDev,
                    r.Score >= review.PassScore && r.Reviews >= review.MinReviewers, r.Excluded,
                    AssignmentStatuses.ReplacementNeeded(r.EndedByConflict, r.Holding, review.MinReviewers));
            }).ToList())).ToList();
        }

        /// <summary>
        /// SQLite (the embedded default, a small deployment) streams the current rounds past once, an application at a
        /// time, keeping only each application's aggregate, and ranks in memory.
        /// </summary>
        private async Task<List<SectorPage>> RankStreamedAsync(Guid callId, bool perSector, long first, int pageSize, CancellationToken ct)
        {
            var submitted = db.Applications.AsNoTracking().Where(a => a.CallId == callId && a.SubmittedAt != null);
            var versions = (await submitted.Select(a => new { a.WorkflowKey, a.WorkflowVersion }).Distinct().ToListAsync(ct))
                .Select(v => (v.WorkflowKey, v.WorkflowVersion)).ToList();
            var ranked = new List<Ranked>();
            foreach (var ((key, version), review) in await ReviewsOfAsync(versions, ct))
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
            var onPage = OnPage(sectors.Select(s => s.Rows.Count).ToList(), first, pageSize)
                .Select(r => sectors[r.Group].Rows.GetRange((int)r.Skip, r.Take).Select((row, j) => (Rank: (int)r.Skip + j + 1, Row: row)).ToList())
                .ToArray();
            var ids = onPage.SelectMany(p => p).Select(r => r.Row.Id).ToList();
            var shown = ids.Count == 0 ? [] : await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => new { a.Id, a.Title, a.State }).ToDictionaryAsync(a => a.Id, ct);
            return sectors.Select((sector, i) => new SectorPage(sector.Key, sector.Rows.Count, onPage[i].Select(p =>
                new RankedApplication(p.Rank, p.Row.Id, shown[p.Row.Id].Title, shown[p.Row.Id].State, p.Row.Result.Count, p.Row.Result.Score,
                    p.Row.Result.StdDev, p.Row.Result.Disagreement, p.Row.Passes, p.Row.Excluded, p.Row.Replacement)).ToList())).ToList();
        }
    }

    /// <summary>
    /// Which rows of each group (sectors in ranking order, of the given sizes) fall on the page that starts at row
    /// <paramref name="first"/> of the whole ranking: how many of the group's rows come before the page, and how many are on it.
    /// </summary>
    private static IEnumerable<(int Group, long Skip, int Take)> OnPage(IReadOnlyList<int> sizes, long first, int pageSize)
    {
        long before = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            var from = Math.Clamp(first - before, 0, sizes[i]);
            var to = Math.Clamp(first + pageSize - before, 0, sizes[i]);
            yield return (i, from, (int)(to - from));
            before += sizes[i];
        }
    }

    /// <summary>The order of the sectors in the ranking: by code (as the ranking has always listed them), no sector first.</summary>
    private static List<string?> SectorOrder(IEnumerable<string?> sectors) => sectors.Order().ToList();

    /// <summary>
    /// A page's rows in a programme ranked per sector: for each sector the page falls on, its rows from rank
    /// <c>skip + 1</c> on, read from the ranking index in rank order (the window numbers the rows the range reads).
    /// </summary>
    private const string SectorPageSql = """
        SELECT r.*, a."Title", a."State", a."WorkflowKey", a."WorkflowVersion"
        FROM unnest(@sectors::text[], @skips::bigint[], @takes::integer[]) AS p(sector, skip, take)
        CROSS JOIN LATERAL (
            SELECT g."ApplicationId", g."Sector", g."Reviews", g."Score", g."StdDev", g."Excluded", g."Holding", g."EndedByConflict",
                   row_number() OVER (ORDER BY g."Score" DESC NULLS LAST, g."Reviews" DESC NULLS LAST, g."ApplicationId") AS "Rank"
            FROM "ReviewAggregates" g
            WHERE g."CallId" = @call AND g."Ranked" AND g."Sector" = p.sector
            ORDER BY g."Score" DESC NULLS LAST, g."Reviews" DESC NULLS LAST, g."ApplicationId"
            OFFSET p.skip LIMIT p.take) r
        JOIN "Applications" a ON a."Id" = r."ApplicationId"
        """;

    /// <summary>The same for a programme ranked as a whole: one group, the call's ranked applications sorted (a small programme).</summary>
    private const string CallPageSql = """
        SELECT r.*, a."Title", a."State", a."WorkflowKey", a."WorkflowVersion"
        FROM unnest(@sectors::text[], @skips::bigint[], @takes::integer[]) AS p(sector, skip, take)
        CROSS JOIN LATERAL (
            SELECT g."ApplicationId", p.sector AS "Sector", g."Reviews", g."Score", g."StdDev", g."Excluded", g."Holding", g."EndedByConflict",
                   row_number() OVER (ORDER BY g."Score" DESC NULLS LAST, g."Reviews" DESC NULLS LAST, g."ApplicationId") AS "Rank"
            FROM "ReviewAggregates" g
            WHERE g."CallId" = @call AND g."Ranked"
            ORDER BY g."Score" DESC NULLS LAST, g."Reviews" DESC NULLS LAST, g."ApplicationId"
            OFFSET p.skip LIMIT p.take) r
        JOIN "Applications" a ON a."Id" = r."ApplicationId"
        """;

    /// <summary>A row of a ranking page on PostgreSQL: an application's stored aggregate, its rank in its group, its title, state and version.</summary>
    private sealed class StoredRow
    {
        public Guid ApplicationId { get; init; }
        public required string Sector { get; init; }
        public int Reviews { get; init; }
        public decimal? Score { get; init; }
        public decimal? StdDev { get; init; }
        public int Excluded { get; init; }
        public int Holding { get; init; }
        public int EndedByConflict { get; init; }
        public long Rank { get; init; }
        public required string Title { get; init; }
        public required string State { get; init; }
        public required string WorkflowKey { get; init; }
        public int WorkflowVersion { get; init; }
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
