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
    /// <summary>Whether to only report the plan; and, to apply only what a dry run showed, that dry run's fingerprint.</summary>
    public sealed record Body(bool DryRun, string? ExpectedFingerprint = null);

    public sealed record Command(Guid CallId, bool DryRun, string? ExpectedFingerprint = null) : ICommand<Report>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ExpectedFingerprint).MaximumLength(64);
    }

    /// <summary>
    /// The plan (applied unless a dry run). <c>Fingerprint</c> names the plan: applying with it as <c>expectedFingerprint</c>
    /// writes exactly this plan or nothing (409 <c>assignment-plan-changed</c>). A dry run also gives each expert's load
    /// against capacity (<c>Loads</c>) and the experts a conflict of interest keeps from each application (<c>Excluded</c>).
    /// </summary>
    public sealed record Report(bool DryRun, int Count, IReadOnlyList<ProposedAssignment> Assignments, string Fingerprint,
        IReadOnlyList<ExpertLoad>? Loads = null, IReadOnlyList<ExcludedExpert>? Excluded = null, IReadOnlyList<PlannedApplication>? Applications = null);

    /// <summary>An application the dry run names (proposed experts for it, or experts excluded from it), by its title.</summary>
    public sealed record PlannedApplication(Guid ApplicationId, string Title);

    /// <summary>An expert the plan uses: assignments held in the call before it, proposed by it, and the most the expert takes.</summary>
    public sealed record ExpertLoad(Guid ExpertId, string ExpertName, int Current, int Proposed, int Capacity);

    /// <summary>An active expert a conflict of interest keeps from an application the plan covers, with every rule that does.</summary>
    public sealed record ExcludedExpert(Guid ApplicationId, Guid ExpertId, string ExpertName, IReadOnlyList<ApplicationConflicts.RuleView> Rules);

    public sealed class Handler(AppDbContext db, ReviewFacts facts, AssignmentService assignments, WorkflowLibrary workflows, AuditTrail audit,
        Api.Mail.Notifier notifier, Telemetry.AppTelemetry telemetry, TimeProvider time)
        : ICommandHandler<Command, Report>
    {
        /// <summary>The run, counted and timed (docs/decisions/0045) whether it applies, only plans, or is refused.</summary>
        public async ValueTask<Report> Handle(Command command, CancellationToken ct)
        {
            var started = time.GetTimestamp();
            var outcome = "refused";
            try
            {
                var report = await RunAsync(command, ct);
                outcome = command.DryRun ? "planned" : "applied";
                return report;
            }
            finally
            {
                telemetry.AssignmentRun(command.DryRun, outcome, time.GetElapsedTime(started));
            }
        }

        private async Task<Report> RunAsync(Command command, CancellationToken ct)
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
            var loadBefore = new Dictionary<Guid, int>(load);
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

            var fingerprint = Fingerprint(proposed);
            if (command.ExpectedFingerprint is { } expected && expected != fingerprint)
                throw ProblemException.AssignmentPlanChanged();
            if (!command.DryRun)
            {
                IEnumerable<Assignment> Plan() =>
                    proposed.Select(p => assignments.New(reviewed[p.ApplicationId].Round, p.ExpertId, reviewed[p.ApplicationId].Workflow));
                await assignments.InsertAllAsync(Plan(), ct);
                await notifier.AssignedInBulkAsync(command.CallId, Plan(), ct);
                audit.Record("assignments.auto-applied", "Call", command.CallId,
                    new { count = proposed.Count, applications = proposed.Select(p => p.ApplicationId).Distinct().Count() });
            }
            if (!command.DryRun)
                return new Report(false, proposed.Count, proposed, fingerprint);

            var used = proposed.Select(p => p.ExpertId).ToHashSet();
            var names = await db.Users.Where(u => activeIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var loads = experts.Where(e => used.Contains(e.Id))
                .Select(e => new ExpertLoad(e.Id, names[e.Id], loadBefore.GetValueOrDefault(e.Id), proposed.Count(p => p.ExpertId == e.Id), e.Capacity))
                .OrderBy(l => l.ExpertName).ThenBy(l => l.ExpertId).ToList();
            var index = new ConflictIndex(experts);
            var excluded = (from f in applicationFacts
                            from i in index.Conflicted(f, reviewed[f.Id].Review.AvoidSameProvince).Order()
                            let e = experts[i]
                            select new ExcludedExpert(f.Id, e.Id, names[e.Id], ConflictRules.Find(e, f, reviewed[f.Id].Review.AvoidSameProvince)
                                .Select(c => new ApplicationConflicts.RuleView(c.Rule.ToString(), c.Reason)).ToList()))
                .ToList();
            var named = proposed.Select(p => p.ApplicationId).Concat(excluded.Select(e => e.ApplicationId)).ToHashSet();
            var titles = await db.Applications.Where(a => named.Contains(a.Id)).OrderBy(a => a.Title).ThenBy(a => a.Id)
                .Select(a => new PlannedApplication(a.Id, a.Title)).ToListAsync(ct);
            return new Report(true, proposed.Count, proposed, fingerprint, loads, excluded, titles);
        }

        /// <summary>The plan's name: a hash of its (application, expert) pairs in order, the same for the same plan.</summary>
        private static string Fingerprint(IEnumerable<ProposedAssignment> plan)
        {
            var text = string.Join(";", plan.Select(p => $"{p.ApplicationId:N}:{p.ExpertId:N}").Order(StringComparer.Ordinal));
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/calls/{id:guid}/assignments/auto", async (Guid id, Body? body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body?.DryRun ?? false, body?.ExpectedFingerprint), ct)))
            .WithName("AutoAssign")
            .WithSummary("Assigns reviewers to every application in review that lacks them, as an optimal min-cost flow (admin only).")
            .WithProblems(401, 403, 404, 409, 422);
}
