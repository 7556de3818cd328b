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
    public sealed record Query(Guid CallId) : IQuery<IReadOnlyList<SectorRanking>>;

    /// <summary>One sector's ranking (or the whole programme's, with a null sector) and how far its target is from met.</summary>
    public sealed record SectorRanking(string? SectorCode, int? MinTarget, int? MaxTarget, int Selected, int? SlotsToMinimum,
        int? SlotsToCeiling, IReadOnlyList<RankedApplication> Applications);

    /// <summary>
    /// An application's aggregate over the current round's reviews. <c>ExcludedReviews</c> counts reviews of the round
    /// that a later conflict of interest took out of the aggregate; <c>ReplacementNeeded</c> says a conflict left the
    /// round short of reviewers.
    /// </summary>
    public sealed record RankedApplication(int Rank, Guid ApplicationId, string Title, string State, int Reviews, decimal? Score,
        decimal? StdDev, bool Disagreement, bool Passes, int ExcludedReviews, bool ReplacementNeeded);

    public sealed class Handler(AppDbContext db, WorkflowRuntime runtime, WorkflowLibrary workflows) : IQueryHandler<Query, IReadOnlyList<SectorRanking>>
    {
        public async ValueTask<IReadOnlyList<SectorRanking>> Handle(Query query, CancellationToken ct)
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.CallId, ct) ?? throw ProblemException.NotFound("The call");
            var programme = await db.Programmes.AsNoTracking().FirstAsync(p => p.Key == call.ProgrammeKey, ct);
            var applications = await db.Applications.AsNoTracking().Where(a => a.CallId == call.Id && a.SubmittedAt != null).ToListAsync(ct);
            var ids = applications.Select(a => a.Id).ToList();
            var assignments = (await db.Assignments.AsNoTracking().Where(a => ids.Contains(a.ApplicationId))
                    .Select(a => new { a.ApplicationId, a.Round, a.Status, a.WeightedTotal }).ToListAsync(ct))
                .ToLookup(a => a.ApplicationId);
            // Targets count across every call of the plan period, not just this one.
            var selected = await db.Applications.AsNoTracking().Where(await workflows.ApplicationsTaggedAsync(StateTags.HoldsTargetSlot, ct))
                .Where(a => a.ProgrammeKey == call.ProgrammeKey)
                .GroupBy(a => a.SectorCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

            var ranked = new List<(Application Application, AggregateResult Result, bool Passes, int Excluded, bool Replacement)>();
            foreach (var application in applications)
            {
                var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
                if (workflow.Review() is not { } review)
                    continue;
                var round = assignments[application.Id].Where(a => a.Round == application.ReviewRound).ToList();
                var current = round.Where(a => a.Status == AssignmentStatus.Submitted && a.WeightedTotal != null)
                    .Select(a => a.WeightedTotal!.Value).ToList();
                var result = Scoring.Aggregate(review.Aggregation, current, review.DisagreementStdDev);
                ranked.Add((application, result, result.Score >= review.PassScore && result.Count >= review.MinReviewers,
                    round.Count(a => a.Status == AssignmentStatus.Conflicted && a.WeightedTotal != null),
                    AssignmentStatuses.ReplacementNeeded(round.Select(a => a.Status).ToList(), review.MinReviewers)));
            }

            var perSector = programme.TargetScope == TargetScope.PerSector;
            return ranked
                .GroupBy(r => perSector ? r.Application.SectorCode : null)
                .OrderBy(g => g.Key)
                .Select(g =>
                {
                    var chosen = perSector ? selected.Where(s => s.Key == g.Key).Sum(s => s.Count) : selected.Sum(s => s.Count);
                    var rows = g.OrderByDescending(r => r.Result.Score ?? -1).ThenByDescending(r => r.Result.Count).ThenBy(r => r.Application.Id)
                        .Select((r, i) => new RankedApplication(i + 1, r.Application.Id, r.Application.Title, r.Application.State, r.Result.Count,
                            r.Result.Score, r.Result.StdDev, r.Result.Disagreement, r.Passes, r.Excluded, r.Replacement)).ToList();
                    return new SectorRanking(g.Key, programme.MinTarget, programme.MaxTarget, chosen,
                        programme.MinTarget is { } min ? Math.Max(0, min - chosen) : null,
                        programme.MaxTarget is { } max ? Math.Max(0, max - chosen) : null, rows);
                }).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/calls/{id:guid}/ranking", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("CallRanking")
            .WithSummary("Applications ranked by aggregate score within each sector, with pass/fail, disagreement and target slots (admin only).")
            .WithProblems(401, 403, 404);
}
