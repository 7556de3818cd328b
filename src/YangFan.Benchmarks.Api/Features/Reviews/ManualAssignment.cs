using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

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
