using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// One submitted application in the recommender's jurisdiction as its recommender weighs it: who submitted it, its
/// call's deadlines, the authority's quota in the call, and the authority's decision once made. Its content, attachments
/// and the triggers the recommender may fire come from the application's own endpoints.
/// </summary>
public static class GetApplicationToRecommend
{
    public sealed record Query(Guid ApplicationId) : IQuery<ApplicationToRecommend>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows) : IQueryHandler<Query, ApplicationToRecommend>
    {
        public async ValueTask<ApplicationToRecommend> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == application.OrganisationId, ct);
            var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
            var authority = await Jurisdiction.AuthorityOfAsync(db, user.RequireId(), ct)
                ?? throw ProblemException.Forbidden("The account recommends for no authority.");
            var standing = (await RecommenderQuotas.StandingsAsync(db, [call], authority, ct))[call.Id];
            var workflow = await workflows.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            var state = workflow.State(application.State);
            var decision = (await RecommendationDecisions.OfAsync(db, workflows, db.Applications.Where(a => a.Id == application.Id), ct, limit: 1))
                .FirstOrDefault();
            return new ApplicationToRecommend(application.Id, call.Id, call.ProgrammeKey, call.TitleZh, call.TitleEn, call.ClosesAt,
                call.RecommendationDeadline, application.Title, application.SubmittedOrganisationName ?? organisation.Name, organisation.CreditCode,
                application.SubmittedProvinceCode ?? organisation.ProvinceCode ?? "", application.SectorCode, application.SubmittedAt,
                application.State, state.Title?.Zh ?? state.Name, state.Title?.En ?? state.Name,
                workflow.HasTag(application.State, StateTags.AwaitingRecommendation), application.Version,
                AuthorityQuotaView.From(authority, standing), decision);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/recommendations/applications/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender))
            .WithTags("Recommendations")
            .WithName("GetApplicationToRecommend")
            .WithSummary("A submitted application in the recommender's jurisdiction with its organisation, its call's deadlines, the authority's quota in the call and its decision once made (recommenders only).")
            .WithProblems(401, 403, 404);
}

/// <summary>A submitted application as its recommender weighs it.</summary>
/// <param name="Id">The application.</param>
/// <param name="CallId">Its call.</param>
/// <param name="ProgrammeKey">The call's programme.</param>
/// <param name="CallTitleZh">The call's Chinese title.</param>
/// <param name="CallTitleEn">The call's English title.</param>
/// <param name="ClosesAt">When the call stops taking applications.</param>
/// <param name="RecommendationDeadline">When recommending and declining end, if the call says.</param>
/// <param name="Title">The project title.</param>
/// <param name="OrganisationName">The organisation's name it was submitted under.</param>
/// <param name="CreditCode">The organisation's unified social credit code.</param>
/// <param name="ProvinceCode">The province it was submitted under.</param>
/// <param name="SectorCode">Its key sector.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="State">Its workflow state.</param>
/// <param name="StateTitleZh">The state's Chinese title.</param>
/// <param name="StateTitleEn">The state's English title.</param>
/// <param name="AwaitingRecommendation">Whether it waits for the authority's decision.</param>
/// <param name="Version">The version a transition must name (If-Match).</param>
/// <param name="Quota">The authority's quota in the call, used and left.</param>
/// <param name="Decision">The authority's last decision on it, if any.</param>
public sealed record ApplicationToRecommend(Guid Id, Guid CallId, string ProgrammeKey, string CallTitleZh, string CallTitleEn,
    DateTimeOffset ClosesAt, DateTimeOffset? RecommendationDeadline, string Title, string OrganisationName, string CreditCode,
    string ProvinceCode, string? SectorCode, DateTimeOffset? SubmittedAt, string State, string StateTitleZh, string StateTitleEn,
    bool AwaitingRecommendation, int Version, AuthorityQuotaView Quota, RecommendationDecisionView? Decision);
