using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// What recommenders decided on applications: for each, the last step a recommender took, with its written opinion
/// (推荐意见) or reason. Whether the step recommended is the workflow's to say: its transition records a recommendation
/// (the <c>record-recommendation</c> effect, which also counts it against the authority's quota); its title is the
/// transition's (推荐, 不予推荐). One definition for the recommender's queue and the application's page.
/// </summary>
public static class RecommendationDecisions
{
    /// <summary>Each application's last step by a recommender: its decision, with the opinion or reason as the step's comment.</summary>
    public static IQueryable<WorkflowHistoryEntry> LastSteps(AppDbContext db) =>
        db.WorkflowHistory.Where(h => h.ActorRole == Roles.Recommender
            && h.Sequence == db.WorkflowHistory.Where(x => x.ApplicationId == h.ApplicationId && x.ActorRole == Roles.Recommender).Max(x => x.Sequence));

    /// <summary>The decisions on the given applications, latest first (at most <paramref name="limit"/>).</summary>
    public static async Task<IReadOnlyList<RecommendationDecisionView>> OfAsync(AppDbContext db, WorkflowLibrary workflows,
        IQueryable<Application> applications, CancellationToken ct, int limit = 500)
    {
        var rows = await (
                from a in applications
                join o in db.Organisations on a.OrganisationId equals o.Id
                join h in LastSteps(db) on a.Id equals h.ApplicationId
                orderby h.OccurredAt descending, a.Id
                select new
                {
                    a.Id, a.CallId, a.Title, OrganisationName = a.SubmittedOrganisationName ?? o.Name, a.SectorCode, a.SubmittedAt,
                    a.WorkflowKey, a.State, h.FromState, h.Trigger, h.WorkflowVersion, h.Comment, h.OccurredAt,
                })
            .AsNoTracking().Take(limit).ToListAsync(ct);

        var decisions = new List<RecommendationDecisionView>(rows.Count);
        foreach (var r in rows)
        {
            var workflow = await workflows.CompiledAsync(r.WorkflowKey, r.WorkflowVersion, ct);
            var transition = workflow.Transitions.FirstOrDefault(t => t.Trigger == r.Trigger && (r.FromState is null || t.From.Contains(r.FromState)));
            decisions.Add(new RecommendationDecisionView(r.Id, r.CallId, r.Title, r.OrganisationName, r.SectorCode, r.SubmittedAt, r.Trigger,
                transition?.Title?.Zh ?? r.Trigger, transition?.Title?.En ?? r.Trigger,
                transition?.Effects.Any(e => e.Name == RecordRecommendationEffect.EffectName) == true, r.Comment, r.OccurredAt));
        }
        return decisions;
    }
}

/// <summary>A recommender's last decision on an application.</summary>
/// <param name="ApplicationId">The application.</param>
/// <param name="CallId">Its call.</param>
/// <param name="Title">Its project title.</param>
/// <param name="OrganisationName">The organisation's name it was submitted under.</param>
/// <param name="SectorCode">Its key sector.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="Trigger">The transition the recommender fired (<c>recommend</c>, <c>decline</c> in the shipped workflows).</param>
/// <param name="TitleZh">The transition's Chinese title (推荐, 不予推荐).</param>
/// <param name="TitleEn">The transition's English title.</param>
/// <param name="Recommended">Whether the step recommended the application (and counts against the authority's quota).</param>
/// <param name="Opinion">The written opinion (推荐意见) or reason given with it.</param>
/// <param name="DecidedAt">When.</param>
public sealed record RecommendationDecisionView(Guid ApplicationId, Guid CallId, string Title, string OrganisationName, string? SectorCode,
    DateTimeOffset? SubmittedAt, string Trigger, string TitleZh, string TitleEn, bool Recommended, string? Opinion, DateTimeOffset DecidedAt);
