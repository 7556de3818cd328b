using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// Administrators read the authorities' rankings of one call: every authority that has applications standing as its
/// recommendations, or the one named by <c>authority</c>.
/// </summary>
public static class ListRecommendationRankings
{
    /// <param name="CallId">The call.</param>
    /// <param name="Authority">An authority's key (<c>province:44</c>, <c>city:440300</c>, <c>national-body:…</c>); every authority when null.</param>
    public sealed record Query(Guid CallId, string? Authority) : IQuery<IReadOnlyList<RankingView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Authority).MaximumLength(RecommendingAuthority.MaxKeyLength).Must(k => k is null || IsKey(k))
            .WithMessage("Give an authority's key: province:NN, city:NNNNNN or national-body:name.").OverridePropertyName("authority");

        private static bool IsKey(string key)
        {
            try
            {
                RecommendingAuthority.FromKey(key);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows, TimeProvider time) : IQueryHandler<Query, IReadOnlyList<RankingView>>
    {
        public async ValueTask<IReadOnlyList<RankingView>> Handle(Query query, CancellationToken ct)
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.CallId, ct) ?? throw ProblemException.NotFound("The call");
            var keys = query.Authority is { } key
                ? [key]
                : await db.Applications.AsNoTracking().Where(a => a.CallId == call.Id && a.RecommendingAuthority != null)
                    .Where(await workflows.ApplicationsInAsync(RecommendationRankings.StandingStates, ct))
                    .Select(a => a.RecommendingAuthority!).Distinct().OrderBy(k => k).Take(200).ToListAsync(ct);
            var rankings = new List<RankingView>();
            foreach (var k in keys)
                rankings.Add(await RecommendationRankings.ReadAsync(db, workflows, time, call, RecommendingAuthority.FromKey(k), ct));
            return rankings;
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/calls/{callId:guid}/recommendation-rankings", async (Guid callId, string? authority, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(callId, authority), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Recommendations")
            .WithName("ListRecommendationRankings")
            .WithSummary("The recommending authorities' rankings of their recommended applications in a call, or the one authority named "
                + "(admin only).")
            .WithProblems(400, 401, 403, 404);
}
