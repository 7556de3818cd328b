using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// What a conflict of interest declared after assignment does to the assignments it touches, whoever declares it (the
/// expert on an assignment, or an administrator): every open assignment of the expert to an application of that
/// organisation, as applicant or partner, ends as <see cref="AssignmentStatus.Conflicted"/>, and a round left short of
/// reviewers is flagged to administrators for a replacement.
/// </summary>
public sealed class ConflictedAssignments(AppDbContext db, ReviewFacts facts, WorkflowRuntime runtime, AuditTrail audit, TimeProvider time,
    Api.Mail.Notifier notifier)
{
    public const string ReplacementMessage = "A conflict of interest ended a review assignment; the application needs a replacement reviewer.";

    /// <summary>
    /// Queues the conflict declarations of one expert, so two of them never lock the expert's applications in
    /// different orders. Take it before any application lock.
    /// </summary>
    public Task SerialiseAsync(Guid expertId, CancellationToken ct) => SerialiseAsync(db, expertId, ct);

    /// <summary>
    /// The same queue for a manual assignment of the expert: a conflict given while the expert is being assigned is
    /// either committed before the assignment reads the expert's conflicts, or finds the assignment and ends it.
    /// </summary>
    public static async Task SerialiseAsync(AppDbContext db, Guid expertId, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"expert-conflicts/" + expertId}, 0))", ct);
    }

    /// <summary>
    /// Ends the expert's open assignments that a declared conflict with <paramref name="creditCode"/> touches. The caller
    /// records the conflict itself; the caller may already have ended one assignment (the expert's own declaration),
    /// whose round is flagged like the others.
    /// </summary>
    public async Task EndAsync(Guid expertId, string creditCode, string reason, CancellationToken ct)
    {
        await SerialiseAsync(expertId, ct);
        var open = await OpenApplicationsAsync(expertId, ct);
        var touched = (await facts.ApplicationsAsync(open, ct)).Where(f => ConflictRules.DeclaredWith(creditCode, f)).Select(f => f.Id).ToList();
        await EndTouchedAsync(expertId, touched, reason, new { creditCode }, ct);
    }

    /// <summary>
    /// Ends the expert's open assignments that the conflict rules refuse now that an administrator has changed the
    /// expert's profile (affiliation or province): the same rules an assignment passes, with each application's own
    /// workflow deciding whether same-province experts are avoided. Call it after the profile change is saved.
    /// </summary>
    public async Task EndOnProfileChangeAsync(Guid expertId, CancellationToken ct)
    {
        await SerialiseAsync(expertId, ct);
        var open = await OpenApplicationsAsync(expertId, ct);
        if (open.Count == 0)
            return;
        var expert = (await facts.ExpertsAsync([expertId], ct))[0];
        var touched = new List<Guid>();
        var rules = new HashSet<string>();
        foreach (var (application, applicationFacts) in open.Zip(await facts.ApplicationsAsync(open, ct)))
        {
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            var conflicts = ConflictRules.Find(expert, applicationFacts, workflow.Review()?.AvoidSameProvince ?? false);
            if (conflicts.Count == 0)
                continue;
            touched.Add(application.Id);
            rules.UnionWith(conflicts.Select(c => c.Rule.ToString()));
        }
        await EndTouchedAsync(expertId, touched, "The expert's profile changed and the conflict rules now exclude them.",
            new { rules = rules.Order().ToList() }, ct);
    }

    private Task<List<Application>> OpenApplicationsAsync(Guid expertId, CancellationToken ct) =>
        db.Applications.AsNoTracking()
            .Where(p => db.Assignments.Any(a => a.ApplicationId == p.Id && a.ExpertId == expertId && AssignmentStatuses.Holding.Contains(a.Status)))
            .ToListAsync(ct);

    private async Task EndTouchedAsync(Guid expertId, List<Guid> touched, string reason, object cause, CancellationToken ct)
    {
        if (touched.Count == 0)
            return;
        touched.Sort();

        // The same row locks as a review submission takes (OwnAssignment), in id order: a review racing this
        // declaration either commits first and is then ended here, or waits and finds its assignment ended.
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM \"Applications\" WHERE \"Id\" = ANY({touched.ToArray()}) ORDER BY \"Id\" FOR UPDATE", ct);
        var now = time.GetUtcNow();
        var ending = await db.Assignments.Where(a => a.ExpertId == expertId && touched.Contains(a.ApplicationId)
            && AssignmentStatuses.Holding.Contains(a.Status)).ToListAsync(ct);
        // An assignment the caller has just ended is tracked with its new status.
        foreach (var assignment in ending.Where(a => AssignmentStatuses.Holding.Contains(a.Status)))
        {
            var reviewed = assignment.Status == AssignmentStatus.Submitted;
            assignment.Status = AssignmentStatus.Conflicted;
            assignment.EndedAt = now;
            assignment.EndedReason = reason;
            audit.Record("assignment.conflicted", "Application", assignment.ApplicationId,
                new { assignment.Id, assignment.ExpertId, assignment.Round, cause, reviewExcluded = reviewed });
        }
        await db.SaveChangesAsync(ct);

        var applications = await db.Applications.AsNoTracking().Where(a => touched.Contains(a.Id)).ToListAsync(ct);
        foreach (var application in applications)
        {
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            var statuses = await db.Assignments.Where(a => a.ApplicationId == application.Id && a.Round == application.ReviewRound)
                .Select(a => a.Status).ToListAsync(ct);
            if (workflow.Review() is { } review && AssignmentStatuses.ReplacementNeeded(statuses, review.MinReviewers))
                await notifier.ApplicationAsync(application, Roles.Admin, ReplacementMessage, Api.Mail.MailEvents.ReviewerNeeded, reason, ct);
        }
    }
}
