using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class AutomaticAssignment
{
    /// <summary>Whether to only report the plan.</summary>
    public sealed record Body(bool DryRun);

    public sealed record Command(Guid CallId, bool DryRun) : ICommand<Report>;

    /// <summary>The plan (applied unless a dry run).</summary>
    public sealed record Report(bool DryRun, int Count, IReadOnlyList<ProposedAssignment> Assignments);

    public sealed class Handler(AppDbContext db, ReviewFacts facts, AssignmentService assignments, WorkflowRuntime runtime, AuditTrail audit)
        : ICommandHandler<Command, Report>
    {
        public async ValueTask<Report> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Calls.AnyAsync(c => c.Id == command.CallId, ct))
                throw ProblemException.NotFound("The call");
            if (db.Provider == DatabaseProvider.Postgres)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"auto-assign/" + command.CallId}, 0))", ct);

            var candidates = await db.Applications.Where(a => a.CallId == command.CallId).ToListAsync(ct);
            var inReview = new List<(Application Application, YangFan.Benchmarks.Workflows.CompiledWorkflow Workflow, ReviewDefinition Review)>();
            foreach (var application in candidates)
            {
                var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
                if (workflow.Review() is { } review && workflow.HasTag(application.State, StateTags.CollectsReviews))
                    inReview.Add((application, workflow, review));
            }
            var ids = inReview.Select(x => x.Application.Id).ToList();
            var holding = await db.Assignments.Where(a => ids.Contains(a.ApplicationId) && AssignmentStatuses.Holding.Contains(a.Status))
                .ToListAsync(ct);
            var current = holding.Where(h => inReview.Any(x => x.Application.Id == h.ApplicationId && x.Application.ReviewRound == h.Round))
                .GroupBy(h => h.ApplicationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(h => h.ExpertId).ToList());
            // Experts who declined, were removed or were reassigned keep their place out of this round.
            var ended = (await db.Assignments.Where(a => ids.Contains(a.ApplicationId) && !AssignmentStatuses.Holding.Contains(a.Status)).ToListAsync(ct))
                .Where(e => inReview.Any(x => x.Application.Id == e.ApplicationId && x.Application.ReviewRound == e.Round))
                .GroupBy(e => e.ApplicationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(e => e.ExpertId).ToList());
            var load = await db.Assignments.Where(a => a.CallId == command.CallId && AssignmentStatuses.Holding.Contains(a.Status))
                .GroupBy(a => a.ExpertId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var experts = (await facts.ExpertsAsync(null, ct)).ToList();
            var activeIds = await db.Users.Where(u => u.Role == Roles.Expert && u.ExpertActive && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct);
            experts = experts.Where(e => activeIds.Contains(e.Id)).ToList();

            // One plan per review configuration (applications of one call normally share one).
            var proposed = new List<ProposedAssignment>();
            var uncovered = new List<UncoveredApplication>();
            foreach (var group in inReview.GroupBy(x => (x.Review.MinReviewers, x.Review.AvoidSameProvince)))
            {
                var applications = group.Select(x => x.Application).ToList();
                var plan = ExpertAssigner.Plan(new AssignmentRequest(await facts.ApplicationsAsync(applications, ct), experts,
                    group.Key.MinReviewers, group.Key.AvoidSameProvince, current, load, ended));
                proposed.AddRange(plan.Assignments);
                uncovered.AddRange(plan.Uncovered);
                foreach (var p in plan.Assignments)
                    load[p.ExpertId] = load.GetValueOrDefault(p.ExpertId) + 1;
            }
            if (uncovered.Count > 0)
                throw ProblemException.AssignmentInfeasible(uncovered, u => $"{u.ApplicationId}: {u.Reason}");

            if (!command.DryRun)
            {
                var byId = inReview.ToDictionary(x => x.Application.Id);
                foreach (var p in proposed)
                    assignments.Add(byId[p.ApplicationId].Application, p.ExpertId, byId[p.ApplicationId].Workflow);
                audit.Record("assignments.auto-applied", "Call", command.CallId,
                    new { count = proposed.Count, applications = proposed.Select(p => p.ApplicationId).Distinct().Count() });
            }
            return new Report(command.DryRun, proposed.Count, proposed);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/calls/{id:guid}/assignments/auto", async (Guid id, Body? body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body?.DryRun ?? false), ct)))
            .WithName("AutoAssign")
            .WithSummary("Assigns reviewers to every application in review that lacks them, as an optimal min-cost flow (admin only).")
            .WithProblems(401, 403, 404, 422);
}
