using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// Saves the order of the authority's recommended applications in a call, until the call's recommendation deadline.
/// Every account of the authority changes the same ranking; If-Match serialises them, so a save made on a stale view
/// is refused (412 with the current version) rather than undoing another's.
/// </summary>
public static class SetRecommendationRanking
{
    /// <param name="ApplicationIds">Every application that stands as the authority's recommendation in the call, each once, first ranked first.</param>
    public sealed record Body(IReadOnlyList<Guid> ApplicationIds);

    public sealed record Command(Guid CallId, Body Body, int? ExpectedVersion) : ICommand<RankingView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body).NotNull();
            RuleFor(c => c.Body.ApplicationIds).NotNull().OverridePropertyName("applicationIds");
            RuleFor(c => c.Body.ApplicationIds.Count).LessThanOrEqualTo(RecommendationRankings.MaxApplications).OverridePropertyName("applicationIds")
                .When(c => c.Body?.ApplicationIds is not null);
            RuleFor(c => c.Body.ApplicationIds).Must(ids => ids.Distinct().Count() == ids.Count).OverridePropertyName("applicationIds")
                .WithMessage("Name each application once.").When(c => c.Body?.ApplicationIds is not null);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows, TimeProvider time, AuditTrail audit)
        : ICommandHandler<Command, RankingView>
    {
        public async ValueTask<RankingView> Handle(Command command, CancellationToken ct)
        {
            var (authority, call) = await RecommendationRankings.OwnAsync(db, user, workflows, command.CallId, ct);
            if (command.ExpectedVersion is not { } expected)
                throw ProblemException.PreconditionRequired("Send If-Match with the ranking's ETag so that a stale view cannot change it.");
            await RecommendationRankings.LockAsync(db, call.Id, authority, ct);
            var now = time.GetUtcNow();
            if (!call.TakesRecommendations(now))
                throw ProblemException.RankingClosed(call.RecommendationDeadline!.Value);

            var ranking = await db.RecommendationRankings.FirstOrDefaultAsync(r => r.CallId == call.Id && r.Authority == authority.Key, ct);
            if (expected != (ranking?.Version ?? 0))
                throw ProblemException.PreconditionFailed(
                    $"The ranking is at version {ranking?.Version ?? 0}, not {expected}. Read it again before changing it.", ranking?.Version ?? 0);

            var current = await RecommendationRankings.ReadAsync(db, workflows, time, call, authority, ct);
            var standing = current.Applications.Select(a => a.ApplicationId).ToHashSet();
            var missing = standing.Except(command.Body.ApplicationIds).ToList();
            var unexpected = command.Body.ApplicationIds.Except(standing).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw ProblemException.RankingMismatch(missing, unexpected);

            if (ranking is null)
                db.RecommendationRankings.Add(ranking = new RecommendationRanking { CallId = call.Id, Authority = authority.Key });
            ranking.Order = [.. command.Body.ApplicationIds];
            ranking.UpdatedAt = now;
            ranking.UpdatedBy = user.RequireId();
            audit.Record("recommendation.ranking-changed", "Call", call.Id, new { authority = authority.Key, command.Body.ApplicationIds });
            await db.SaveChangesAsync(ct);
            return await RecommendationRankings.ReadAsync(db, workflows, time, call, authority, ct);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/recommendations/calls/{callId:guid}/ranking", async (Guid callId, Body body, HttpRequest request, HttpResponse response,
                ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(new Command(callId, body, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender))
            .WithTags("Recommendations")
            .WithName("SetRecommendationRanking")
            .WithSummary("Saves the order of the authority's recommended applications in a call (each exactly once) until the call's "
                + "recommendation deadline; requires If-Match (a stale one is 412 with the current version) (recommenders only).")
            .WithProblems(400, 401, 403, 404, 409, 412, 428);
}
