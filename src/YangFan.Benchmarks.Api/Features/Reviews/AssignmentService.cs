using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Review;
using YangFan.Benchmarks.Workflows;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>The rules every assignment obeys, whoever makes it: review state, conflicts, capacity, one per organisation.</summary>
public sealed class AssignmentService(AppDbContext db, ReviewFacts facts, TimeProvider time)
{
    public static readonly TimeSpan DefaultReviewPeriod = TimeSpan.FromDays(21);

    /// <summary>Assigns an expert to the application's current review round, or throws the problem that says why not.</summary>
    public async Task<Assignment> AssignAsync(Application application, Guid expertId, CancellationToken ct)
    {
        var (workflow, review) = await facts.ReviewBlockAsync(application, ct);
        if (!workflow.HasTag(application.State, StateTags.CollectsReviews))
            throw ProblemException.Conflict($"The application is in '{application.State}', not in expert review.");
        // Before the call's lock, as a conflict declaration takes it before the application rows: one order, no cycle.
        await ConflictedAssignments.SerialiseAsync(db, expertId, ct);
        var expert = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == expertId && u.Role == Roles.Expert, ct)
            ?? throw ProblemException.NotFound("The expert");
        if (expert.IsDisabled || !expert.ExpertActive)
            throw ProblemException.Conflict("The expert is not active.");
        // The same lock as the automatic assigner's: capacity counts hold across manual and automatic assignment.
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"auto-assign/" + application.CallId}, 0))", ct);

        var holding = await db.Assignments.Where(a => a.ApplicationId == application.Id && a.Round == application.ReviewRound
            && AssignmentStatuses.Holding.Contains(a.Status)).ToListAsync(ct);
        if (holding.Any(a => a.ExpertId == expertId))
            throw ProblemException.Duplicate("The expert is already assigned to this application.");
        if (await db.Assignments.AnyAsync(a => a.ApplicationId == application.Id && a.Round == application.ReviewRound && a.ExpertId == expertId, ct))
            throw ProblemException.Conflict("The expert already left this application's current review round (declined, conflicted or removed).");
        if (holding.Count >= review.MaxReviewers)
            throw ProblemException.Conflict($"The application already has the maximum of {review.MaxReviewers} reviewers.");

        var expertFacts = (await facts.ExpertsAsync([expertId], ct))[0];
        var conflicts = ConflictRules.Find(expertFacts, await facts.ApplicationAsync(application, ct), review.AvoidSameProvince);
        if (conflicts.Count > 0)
            throw ProblemException.ConflictOfInterest(conflicts.Select(c => (c.Rule.ToString(), c.Reason)).ToList());

        var holdingExperts = holding.Select(a => a.ExpertId).ToList();
        var takenOrganisations = await db.Users.Where(u => holdingExperts.Contains(u.Id)).Select(u => u.AffiliationCreditCode).ToListAsync(ct);
        if (expert.AffiliationCreditCode is { } affiliation && takenOrganisations.Contains(affiliation))
            throw ProblemException.Conflict("An expert from the same organisation already reviews this application.");

        var load = await db.Assignments.CountAsync(a => a.ExpertId == expertId && a.CallId == application.CallId
            && AssignmentStatuses.Holding.Contains(a.Status), ct);
        if (load >= expert.MaxAssignmentsPerCall)
            throw ProblemException.CapacityReached(load);

        return Add(application, expertId, workflow);
    }

    /// <summary>Adds an assignment that the caller has already checked.</summary>
    public Assignment Add(Application application, Guid expertId, CompiledWorkflow workflow)
    {
        var assignment = New(new Round(application.Id, application.CallId, application.ReviewRound, application.State, application.StateEnteredAt),
            expertId, workflow);
        db.Assignments.Add(assignment);
        return assignment;
    }

    /// <summary>The current review round of an application: what a new assignment to it records.</summary>
    public sealed record Round(Guid ApplicationId, Guid CallId, int Number, string State, DateTimeOffset StateEnteredAt);

    /// <summary>A new assignment of the expert to the round, due when the review state's timer fires (or after the default period).</summary>
    public Assignment New(Round round, Guid expertId, CompiledWorkflow workflow)
    {
        var now = time.GetUtcNow();
        var due = workflow.TimerDue(round.State, round.StateEnteredAt, _ => null);
        return new Assignment
        {
            Id = Guid.NewGuid(),
            ApplicationId = round.ApplicationId,
            CallId = round.CallId,
            Round = round.Number,
            ExpertId = expertId,
            Status = AssignmentStatus.Assigned,
            CreatedAt = now,
            DueAt = due is { } d && d > now ? d : now + DefaultReviewPeriod,
            Version = 1,
        };
    }

    /// <summary>
    /// Inserts many checked assignments (the automatic assigner's plan) in the unit of work's transaction without
    /// tracking them: on PostgreSQL one binary COPY, so a national call's tens of thousands of rows cost neither a
    /// change-tracker entry nor an INSERT statement each. SQLite, the embedded default, adds them as usual. The
    /// assignments are read once, as they are written: a lazy sequence never holds the plan's entities all at once.
    /// </summary>
    public async Task InsertAllAsync(IEnumerable<Assignment> assignments, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            db.Assignments.AddRange(assignments);
            return;
        }
        var table = db.Model.FindEntityType(typeof(Assignment))!;
        string Column(string property) => "\"" + table.FindProperty(property)!.GetColumnName() + "\"";
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"{table.GetTableName()}\" ({Column(nameof(Assignment.Id))}, {Column(nameof(Assignment.ApplicationId))}, " +
            $"{Column(nameof(Assignment.CallId))}, {Column(nameof(Assignment.Round))}, {Column(nameof(Assignment.ExpertId))}, " +
            $"{Column(nameof(Assignment.Status))}, {Column(nameof(Assignment.CreatedAt))}, {Column(nameof(Assignment.DueAt))}, " +
            $"{Column(nameof(Assignment.Late))}, {Column(nameof(Assignment.Version))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var a in assignments)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(a.Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(a.ApplicationId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(a.CallId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(a.Round, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(a.ExpertId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(a.Status.ToString(), NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(a.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(a.DueAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(a.Late, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(a.Version, NpgsqlDbType.Integer, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
