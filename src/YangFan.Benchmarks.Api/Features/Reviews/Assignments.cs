using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// An assignment as administrators see it: who, status and (once written) the review. <c>ReplacementNeeded</c> is set
/// on an assignment of the current round that a conflict of interest ended while the round is short of reviewers.
/// </summary>
public sealed record AssignmentView(Guid Id, Guid ApplicationId, int Round, Guid ExpertId, string ExpertName, string Status,
    DateTimeOffset DueAt, bool Late, DateTimeOffset? SubmittedAt, IReadOnlyDictionary<string, decimal>? Scores, decimal? WeightedTotal,
    string? Comment, string? Recommendation, string? EndedReason, int Version, bool ReplacementNeeded = false)
{
    public static AssignmentView From(Assignment a, string expertName, bool replacementNeeded = false) => new(a.Id, a.ApplicationId,
        a.Round, a.ExpertId, expertName, a.Status, a.DueAt, a.Late, a.SubmittedAt,
        a.Scores is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal>>(a.Scores),
        a.WeightedTotal, a.Comment, a.Recommendation, a.EndedReason, a.Version, replacementNeeded);
}

public static class AssignmentEndpoints
{
    public static void MapAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api").WithTags("Expert review").RequireAuthorization(Policies.Admin);
        ApplicationConflicts.Map(admin);
        ManualAssignment.Map(admin);
        AutomaticAssignment.Map(admin);
        Ranking.Map(admin);
        var expert = app.MapGroup("/api").WithTags("Expert review").RequireAuthorization(p => p.RequireRole(Roles.Expert));
        MyAssignments.Map(expert);
        SubmitReview.Map(expert);
        LeaveAssignment.Map(expert);
    }

    public static async Task<string> ExpertNameAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).FirstAsync(ct);
}

public static class ApplicationConflicts
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<ExcludedExpert>>;

    /// <summary>An expert who may not review the application, and every rule that excludes them.</summary>
    public sealed record ExcludedExpert(Guid ExpertId, string ExpertName, IReadOnlyList<RuleView> Rules);

    public sealed record RuleView(string Rule, string Reason);

    public sealed class Handler(AppDbContext db, ReviewFacts facts) : IQueryHandler<Query, IReadOnlyList<ExcludedExpert>>
    {
        public async ValueTask<IReadOnlyList<ExcludedExpert>> Handle(Query query, CancellationToken ct)
        {
            var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == query.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The application");
            var (_, review) = await facts.ReviewBlockAsync(application, ct);
            var applicationFacts = await facts.ApplicationAsync(application, ct);
            var experts = await facts.ExpertsAsync(null, ct);
            var names = await db.Users.Where(u => u.Role == Roles.Expert).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            return experts
                .Select(e => (e, conflicts: ConflictRules.Find(e, applicationFacts, review.AvoidSameProvince)))
                .Where(x => x.conflicts.Count > 0)
                .Select(x => new ExcludedExpert(x.e.Id, names[x.e.Id], x.conflicts.Select(c => new RuleView(c.Rule.ToString(), c.Reason)).ToList()))
                .OrderBy(x => x.ExpertName).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/applications/{id:guid}/conflicts", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListApplicationConflicts")
            .WithSummary("Experts excluded from reviewing the application, and why (admin only).")
            .WithProblems(401, 403, 404, 409);
}

public static class ManualAssignment
{
    /// <summary>The expert to assign.</summary>
    public sealed record Body(Guid ExpertId);

    public sealed record AssignCommand(Guid ApplicationId, Guid ExpertId) : ICommand<AssignmentView>;

    public sealed record RemoveCommand(Guid ApplicationId, Guid AssignmentId) : ICommand;

    public sealed record ReassignCommand(Guid AssignmentId, Guid ExpertId) : ICommand<AssignmentView>;

    public sealed record ListQuery(Guid ApplicationId) : IQuery<IReadOnlyList<AssignmentView>>;

    public sealed class AssignHandler(AppDbContext db, AssignmentService assignments, AuditTrail audit) : ICommandHandler<AssignCommand, AssignmentView>
    {
        public async ValueTask<AssignmentView> Handle(AssignCommand command, CancellationToken ct)
        {
            var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == command.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The application");
            var assignment = await assignments.AssignAsync(application, command.ExpertId, ct);
            audit.Record("assignment.created", "Application", application.Id, new { assignment.Id, assignment.ExpertId, assignment.Round });
            await db.SaveChangesAsync(ct);
            return AssignmentView.From(assignment, await AssignmentEndpoints.ExpertNameAsync(db, assignment.ExpertId, ct));
        }
    }

    public sealed class RemoveHandler(AppDbContext db, AuditTrail audit, TimeProvider time) : ICommandHandler<RemoveCommand>
    {
        public async ValueTask<Unit> Handle(RemoveCommand command, CancellationToken ct)
        {
            var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == command.AssignmentId && a.ApplicationId == command.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The assignment");
            if (assignment.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be removed; this one is {assignment.Status}.");
            assignment.Status = AssignmentStatus.Removed;
            assignment.EndedAt = time.GetUtcNow();
            assignment.EndedReason = "Removed by an administrator.";
            audit.Record("assignment.removed", "Application", assignment.ApplicationId, new { assignment.Id, assignment.ExpertId });
            return Unit.Value;
        }
    }

    public sealed class ReassignHandler(AppDbContext db, AssignmentService assignments, AuditTrail audit, TimeProvider time)
        : ICommandHandler<ReassignCommand, AssignmentView>
    {
        public async ValueTask<AssignmentView> Handle(ReassignCommand command, CancellationToken ct)
        {
            var old = await db.Assignments.FirstOrDefaultAsync(a => a.Id == command.AssignmentId, ct) ?? throw ProblemException.NotFound("The assignment");
            if (old.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be reassigned; this one is {old.Status}.");
            old.Status = AssignmentStatus.Reassigned;
            old.EndedAt = time.GetUtcNow();
            old.EndedReason = old.Late ? "Reassigned after the review fell late." : "Reassigned by an administrator.";
            await db.SaveChangesAsync(ct);
            var application = await db.Applications.FirstAsync(a => a.Id == old.ApplicationId, ct);
            if (application.ReviewRound != old.Round)
                throw ProblemException.Conflict("That review round has closed.");
            var replacement = await assignments.AssignAsync(application, command.ExpertId, ct);
            audit.Record("assignment.reassigned", "Application", application.Id, new { from = old.Id, to = replacement.Id, replacement.ExpertId });
            await db.SaveChangesAsync(ct);
            return AssignmentView.From(replacement, await AssignmentEndpoints.ExpertNameAsync(db, replacement.ExpertId, ct));
        }
    }

    public sealed class ListHandler(AppDbContext db, WorkflowRuntime runtime) : IQueryHandler<ListQuery, IReadOnlyList<AssignmentView>>
    {
        public async ValueTask<IReadOnlyList<AssignmentView>> Handle(ListQuery query, CancellationToken ct)
        {
            var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == query.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The application");
            var rows = await (from a in db.Assignments.AsNoTracking()
                              join u in db.Users on a.ExpertId equals u.Id
                              where a.ApplicationId == query.ApplicationId
                              orderby a.Round, a.CreatedAt
                              select new { a, u.DisplayName }).ToListAsync(ct);
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            var current = rows.Where(r => r.a.Round == application.ReviewRound).Select(r => r.a.Status).ToList();
            var shortOfReviewers = workflow.Definition.Review is { } review && AssignmentStatus.ReplacementNeeded(current, review.MinReviewers);
            return rows.Select(r => AssignmentView.From(r.a, r.DisplayName, shortOfReviewers && r.a.Round == application.ReviewRound
                && AssignmentStatus.EndedByConflict.Contains(r.a.Status))).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/applications/{id:guid}/assignments", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                var assignment = await sender.Send(new AssignCommand(id, body.ExpertId), ct);
                return TypedResults.Created($"/api/applications/{id}/assignments", assignment);
            })
            .WithName("AssignExpert")
            .WithSummary("Assigns an expert; refused with 409 naming the rule for conflicts, capacity or organisation (admin only).")
            .WithProblems(401, 403, 404, 409);
        group.MapGet("/applications/{id:guid}/assignments", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListQuery(id), ct)))
            .WithName("ListAssignments")
            .WithSummary("Every assignment of the application with its review (admin only).")
            .WithProblems(401, 403, 404);
        group.MapDelete("/applications/{id:guid}/assignments/{assignmentId:guid}", async (Guid id, Guid assignmentId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RemoveCommand(id, assignmentId), ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveAssignment")
            .WithSummary("Ends an open assignment; its slot reopens (admin only).")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/assignments/{id:guid}/reassign", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ReassignCommand(id, body.ExpertId), ct)))
            .WithName("ReassignAssignment")
            .WithSummary("Gives an open (e.g. late) assignment's slot to another expert (admin only).")
            .WithProblems(401, 403, 404, 409);
    }
}

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
            var inReview = new List<(Application Application, YangFan.Benchmarks.Workflows.CompiledWorkflow Workflow, YangFan.Benchmarks.Workflows.ReviewDefinition Review)>();
            foreach (var application in candidates)
            {
                var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
                if (workflow.Definition.Review is { } review && workflow.State(application.State).CollectsReviews)
                    inReview.Add((application, workflow, review));
            }
            var ids = inReview.Select(x => x.Application.Id).ToList();
            var holding = await db.Assignments.Where(a => ids.Contains(a.ApplicationId) && AssignmentStatus.Holding.Contains(a.Status))
                .ToListAsync(ct);
            var current = holding.Where(h => inReview.Any(x => x.Application.Id == h.ApplicationId && x.Application.ReviewRound == h.Round))
                .GroupBy(h => h.ApplicationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(h => h.ExpertId).ToList());
            // Experts who declined, were removed or were reassigned keep their place out of this round.
            var ended = (await db.Assignments.Where(a => ids.Contains(a.ApplicationId) && !AssignmentStatus.Holding.Contains(a.Status)).ToListAsync(ct))
                .Where(e => inReview.Any(x => x.Application.Id == e.ApplicationId && x.Application.ReviewRound == e.Round))
                .GroupBy(e => e.ApplicationId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(e => e.ExpertId).ToList());
            var load = await db.Assignments.Where(a => a.CallId == command.CallId && AssignmentStatus.Holding.Contains(a.Status))
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
                throw new ProblemException(StatusCodes.Status422UnprocessableEntity, ProblemTypes.AssignmentInfeasible,
                    "Not every application can be covered",
                    $"{uncovered.Count} application(s) cannot get enough reviewers: " + string.Join(" ", uncovered.Select(u => $"{u.ApplicationId}: {u.Reason}")),
                    new Dictionary<string, object?> { ["uncovered"] = uncovered });

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
