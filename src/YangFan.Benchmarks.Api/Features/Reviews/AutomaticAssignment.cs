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

    public sealed class Handler(AppDbContext db, ReviewFacts facts, AssignmentService assignments, WorkflowLibrary workflows, AuditTrail audit)
        : ICommandHandler<Command, Report>
    {
        public async ValueTask<Report> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Calls.AnyAsync(c => c.Id == command.CallId, ct))
                throw ProblemException.NotFound("The call");
            if (db.Provider == DatabaseProvider.Postgres)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"auto-assign/" + command.CallId}, 0))", ct);

            // The applications whose state collects reviews in the version they run on, chosen by the database and read
            // as the few columns a new assignment records: no entity, content or change tracking per application.
            var inReview = db.Applications.AsNoTracking().Where(a => a.CallId == command.CallId)
                .Where(await workflows.ApplicationsTaggedAsync(StateTags.CollectsReviews, ct));
            var rounds = await inReview.Select(a => new { a.WorkflowKey, a.WorkflowVersion, Round = new AssignmentService.Round(a.Id, a.CallId, a.ReviewRound, a.State, a.StateEnteredAt) })
                .ToListAsync(ct);
            var reviewed = new Dictionary<Guid, (AssignmentService.Round Round, YangFan.Benchmarks.Workflows.CompiledWorkflow Workflow, ReviewDefinition Review)>(rounds.Count);
            foreach (var r in rounds)
            {
                var workflow = await workflows.CompiledAsync(r.WorkflowKey, r.WorkflowVersion, ct);
                if (workflow.Review() is { } review)
                    reviewed[r.Round.ApplicationId] = (r.Round, workflow, review);
            }

            // The current round's assignments: those holding a slot count toward the need; those ended (declined, removed,
            // reassigned) keep their expert out of this round.
            var roundAssignments = await (from s in db.Assignments.AsNoTracking()
                    join a in inReview on new { Id = s.ApplicationId, s.Round } equals new { a.Id, Round = a.ReviewRound }
                    select new { s.ApplicationId, s.ExpertId, Holding = AssignmentStatuses.Holding.Contains(s.Status) })
                .ToListAsync(ct);
            var current = roundAssignments.Where(h => h.Holding && reviewed.ContainsKey(h.ApplicationId))
                .GroupBy(h => h.ApplicationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(h => h.ExpertId).ToList());
            var ended = roundAssignments.Where(e => !e.Holding && reviewed.ContainsKey(e.ApplicationId))
                .GroupBy(e => e.ApplicationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(e => e.ExpertId).ToList());
            var load = await db.Assignments.Where(a => a.CallId == command.CallId && AssignmentStatuses.Holding.Contains(a.Status))
                .GroupBy(a => a.ExpertId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var activeIds = (await db.Users.Where(u => u.Role == Roles.Expert && u.ExpertActive && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct))
                .ToHashSet();
            var experts = (await facts.ExpertsAsync(null, ct)).Where(e => activeIds.Contains(e.Id)).ToList();
            var applicationFacts = (await facts.FactsOfAsync(inReview, ct)).Where(f => reviewed.ContainsKey(f.Id)).OrderBy(f => f.Id).ToList();

            // One plan per review configuration (applications of one call normally share one).
            var proposed = new List<ProposedAssignment>();
            var uncovered = new List<UncoveredApplication>();
            foreach (var group in applicationFacts.GroupBy(f => (reviewed[f.Id].Review.MinReviewers, reviewed[f.Id].Review.AvoidSameProvince)))
            {
                var plan = ExpertAssigner.Plan(new AssignmentRequest(group.ToList(), experts,
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
                await assignments.InsertAllAsync(
                    proposed.Select(p => assignments.New(reviewed[p.ApplicationId].Round, p.ExpertId, reviewed[p.ApplicationId].Workflow)), ct);
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
