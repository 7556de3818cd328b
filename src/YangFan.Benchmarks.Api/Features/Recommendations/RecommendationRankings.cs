using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// An authority's ranking of its recommended applications in a call, as read by the ranking endpoints, the summary
/// sheet and the pages: one definition of which applications stand as its recommendations and of their order.
/// </summary>
public static class RecommendationRankings
{
    /// <summary>The most applications one ranking holds (a quota is at most 10,000; no call comes near).</summary>
    public const int MaxApplications = 1000;

    /// <summary>
    /// The states in which a recommended application stands as its authority's recommendation: neither back with the
    /// applicant (editable: returned for revision), nor waiting for a recommendation again, nor ended (withdrawn,
    /// declined, ineligible, rejected, revoked). Asked of each workflow version by its tags and terminal marks,
    /// never by state names.
    /// </summary>
    public static IEnumerable<string> StandingStates(CompiledWorkflow workflow) =>
        workflow.Definition.States.Where(s => !s.Terminal && !s.Tags.Contains(StateTags.Editable) && !s.Tags.Contains(StateTags.AwaitingRecommendation))
            .Select(s => s.Name);

    /// <summary>
    /// Serialises the writers of one authority's ranking in one call on PostgreSQL, until commit (SQLite's single writer
    /// already does), so the first save of a ranking that has no row yet cannot be made twice.
    /// </summary>
    public static async Task LockAsync(AppDbContext db, Guid callId, RecommendingAuthority authority, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"ranking/" + callId + "/" + authority.Key}, 0))", ct);
    }

    /// <summary>
    /// The recommender's authority (an account that recommends for none is refused) and the call it ranks in: one that
    /// is listed (open or closed); others are not found. A recommender reaches only its own authority's ranking.
    /// </summary>
    public static async Task<(RecommendingAuthority Authority, Call Call)> OwnAsync(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows,
        Guid callId, CancellationToken ct)
    {
        var authority = await Jurisdiction.AuthorityOfAsync(db, user.RequireId(), ct)
            ?? throw ProblemException.Forbidden("The account recommends for no authority.");
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == callId).Where(await workflows.CallsTaggedAsync(StateTags.Listed, ct))
            .FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("The call");
        return (authority, call);
    }

    /// <summary>
    /// The authority's ranking in the call: the saved order over the applications that stand as its recommendations,
    /// those recommended since at the end in the order they were recommended, each with its opinion (推荐意见).
    /// </summary>
    public static async Task<RankingView> ReadAsync(AppDbContext db, WorkflowLibrary workflows, TimeProvider time, Call call,
        RecommendingAuthority authority, CancellationToken ct)
    {
        var saved = await db.RecommendationRankings.AsNoTracking().FirstOrDefaultAsync(r => r.CallId == call.Id && r.Authority == authority.Key, ct);
        var standing = await db.Applications.AsNoTracking()
            .Where(a => a.CallId == call.Id && a.RecommendingAuthority == authority.Key)
            .Where(await workflows.ApplicationsInAsync(StandingStates, ct))
            .Join(db.Organisations.AsNoTracking(), a => a.OrganisationId, o => o.Id, (a, o) => new
            {
                a.Id, a.Title, OrganisationName = a.SubmittedOrganisationName ?? o.Name, o.CreditCode, a.SectorCode, a.RecommendedAt, a.RecommendedBy,
            })
            .OrderBy(a => a.RecommendedAt).ThenBy(a => a.Id).Take(MaxApplications).ToListAsync(ct);

        var ids = standing.Select(a => a.Id).ToList();
        // The opinion is the comment of the recommender's last step on the application: while it stands as recommended,
        // that step is the recommendation (a later decline or return would have taken it out).
        var opinions = await RecommendationDecisions.LastSteps(db).AsNoTracking().Where(h => ids.Contains(h.ApplicationId))
            .ToDictionaryAsync(h => h.ApplicationId, h => h.Comment, ct);

        var byId = standing.ToDictionary(a => a.Id);
        var order = RecommendationRanking.Arrange(saved?.Order ?? [], ids);
        return new RankingView(call.Id, authority.Key, authority.ProvinceCode, authority.CityCode, authority.NationalBody, call.RecommendationDeadline,
            call.TakesRecommendations(time.GetUtcNow()), saved?.Version ?? 0, saved?.UpdatedAt,
            order.Select((id, i) =>
            {
                var a = byId[id];
                return new RankedApplication(i + 1, a.Id, a.Title, a.OrganisationName, a.CreditCode, a.SectorCode, a.RecommendedAt,
                    opinions.GetValueOrDefault(a.Id));
            }).ToList());
    }

    /// <summary>
    /// The summary sheet (推荐汇总表) of the authority's ranking in the call: its name, the call, the day it is drawn
    /// up (in China time) and the ranked applications with their sectors' names.
    /// </summary>
    public static async Task<RecommendationSummary> SummaryAsync(AppDbContext db, WorkflowLibrary workflows, TimeProvider time, Call call,
        RecommendingAuthority authority, CancellationToken ct)
    {
        var ranking = await ReadAsync(db, workflows, time, call, authority, ct);
        var place = authority.ProvinceCode is { } code
            ? await db.Provinces.AsNoTracking().Where(p => p.Code == code).Select(p => new { p.NameZh, p.NameEn }).FirstOrDefaultAsync(ct)
            : authority.CityCode is { } city
                ? await db.Cities.AsNoTracking().Where(c => c.Code == city).Select(c => new { c.NameZh, c.NameEn }).FirstOrDefaultAsync(ct)
                : null;
        var sectors = await db.Sectors.AsNoTracking().ToDictionaryAsync(s => s.Code, s => new { s.NameZh, s.NameEn }, ct);
        return new RecommendationSummary(ranking, place?.NameZh ?? authority.NationalBody ?? authority.Key,
            place?.NameEn ?? authority.NationalBody ?? authority.Key, call.TitleZh, call.TitleEn,
            DateOnly.FromDateTime(Pages.Shared.ChinaTime.Of(time.GetUtcNow()).DateTime),
            ranking.Applications.Select(a => new SummaryRow(a,
                a.SectorCode is { } s && sectors.TryGetValue(s, out var sector) ? sector.NameZh : null,
                a.SectorCode is { } e && sectors.TryGetValue(e, out var en) ? en.NameEn : null)).ToList());
    }
}

/// <summary>An authority's summary sheet (推荐汇总表) of one call: who recommends, in which call, on which day, and its ranked list.</summary>
/// <param name="Ranking">The ranking it lists.</param>
/// <param name="AuthorityNameZh">The authority's Chinese name (its province's or city's, or the national body's).</param>
/// <param name="AuthorityNameEn">Its English name.</param>
/// <param name="CallTitleZh">The call's Chinese title.</param>
/// <param name="CallTitleEn">The call's English title.</param>
/// <param name="Date">The day the sheet is drawn up, in China time.</param>
/// <param name="Rows">The ranked applications with their sectors' names.</param>
public sealed record RecommendationSummary(RankingView Ranking, string AuthorityNameZh, string AuthorityNameEn, string CallTitleZh, string CallTitleEn,
    DateOnly Date, IReadOnlyList<SummaryRow> Rows);

/// <summary>One ranked application on the summary sheet.</summary>
/// <param name="Application">The ranked application.</param>
/// <param name="SectorZh">Its key sector's Chinese name, if it has one.</param>
/// <param name="SectorEn">Its key sector's English name.</param>
public sealed record SummaryRow(RankedApplication Application, string? SectorZh, string? SectorEn);

/// <summary>An authority's ranking of its recommended applications in one call (推荐排序).</summary>
/// <param name="CallId">The call.</param>
/// <param name="Authority">The authority's key (<c>province:44</c>, <c>city:440300</c>, <c>national-body:…</c>).</param>
/// <param name="ProvinceCode">Its province, for a provincial authority.</param>
/// <param name="CityCode">Its city, for a sub-provincial city's authority.</param>
/// <param name="NationalBody">Its name, for a national body.</param>
/// <param name="RecommendationDeadline">Until when the order can change; null when the call sets no deadline.</param>
/// <param name="Open">Whether the order can still change (the deadline has not passed).</param>
/// <param name="Version">The ranking's version, its ETag, for If-Match on a change; 0 before its first save.</param>
/// <param name="UpdatedAt">When the order was last saved; null before its first save.</param>
/// <param name="Applications">The applications that stand as the authority's recommendations, ranked.</param>
public sealed record RankingView(Guid CallId, string Authority, string? ProvinceCode, string? CityCode, string? NationalBody, DateTimeOffset? RecommendationDeadline,
    bool Open, int Version, DateTimeOffset? UpdatedAt, IReadOnlyList<RankedApplication> Applications);

/// <summary>One ranked application.</summary>
/// <param name="Rank">Its place, from 1.</param>
/// <param name="ApplicationId">The application.</param>
/// <param name="Title">Its title.</param>
/// <param name="OrganisationName">The applicant's name as submitted.</param>
/// <param name="CreditCode">The applicant's unified social credit code.</param>
/// <param name="SectorCode">Its key sector, for a demonstration benchmark.</param>
/// <param name="RecommendedAt">When it was recommended.</param>
/// <param name="Opinion">The authority's written opinion (推荐意见).</param>
public sealed record RankedApplication(int Rank, Guid ApplicationId, string Title, string OrganisationName, string CreditCode, string? SectorCode,
    DateTimeOffset? RecommendedAt, string? Opinion);
