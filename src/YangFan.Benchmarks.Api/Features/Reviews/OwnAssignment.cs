using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>Loads the caller's own assignment; any other id looks missing.</summary>
internal static class OwnAssignment
{
    public static async Task<(Assignment Assignment, Application Application)> LoadAsync(AppDbContext db, ICurrentUser user, Guid id, CancellationToken ct)
    {
        var applicationId = await db.Assignments.Where(a => a.Id == id && a.ExpertId == user.RequireId()).Select(a => (Guid?)a.ApplicationId)
            .FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("The assignment");
        // Reviews of one application are written one at a time, so the last of N parallel reviews always sees the
        // others and the automatic transition cannot be missed.
        await db.LockRowAsync<Application>(applicationId, ct);
        var assignment = await db.Assignments.FirstAsync(a => a.Id == id, ct);
        return (assignment, await db.Applications.FirstAsync(a => a.Id == applicationId, ct));
    }

    /// <summary>
    /// The caller's assignment, untracked, while it holds its slot in the application's current round, with its
    /// application; anything else (another expert's, ended, an earlier round) is 404.
    /// </summary>
    public static async Task<(Assignment Assignment, Application Application)> CurrentAsync(AppDbContext db, ICurrentUser user, Guid id,
        CancellationToken ct)
    {
        var me = user.RequireId();
        var row = await (from a in db.Assignments.AsNoTracking()
                         join app in db.Applications.AsNoTracking() on a.ApplicationId equals app.Id
                         where a.Id == id && a.ExpertId == me && AssignmentStatuses.Holding.Contains(a.Status) && a.Round == app.ReviewRound
                         select new { a, app }).FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("The assignment");
        return (row.a, row.app);
    }

    /// <summary>
    /// The checks every write of a review passes, in order: an assignment a conflict ended says so (before If-Match:
    /// ending it raised its version, which the expert can no longer read); If-Match; the assignment holds its slot;
    /// the expert has confirmed having no conflict; the round is the application's current one and still collecting.
    /// Returns the review block to score against.
    /// </summary>
    public static async Task<ReviewDefinition> RequireWritableAsync(AppDbContext db, ReviewFacts facts, Assignment assignment,
        Application application, int? expectedVersion, CancellationToken ct)
    {
        if (assignment.Status == AssignmentStatus.Conflicted)
            throw ProblemException.AssignmentConflicted();
        db.RequireVersion(assignment, expectedVersion, "assignment");
        if (!AssignmentStatuses.Holding.Contains(assignment.Status))
            throw ProblemException.Conflict($"This assignment has ended ({assignment.Status}).");
        if (!assignment.Confirmed)
            throw ProblemException.ConflictConfirmationRequired(assignment.Id);
        var (workflow, review) = await facts.ReviewBlockAsync(application, ct);
        if (application.ReviewRound != assignment.Round || !workflow.HasTag(application.State, StateTags.CollectsReviews))
            throw ProblemException.Conflict("The review round has closed; the review can no longer be changed.");
        return review;
    }

    /// <summary>The review block's criteria as the scoring rules take them.</summary>
    public static List<Criterion> CriteriaOf(ReviewDefinition review) => review.Criteria.Select(c => new Criterion(c.Key, c.Weight, c.Max)).ToList();

    /// <summary>
    /// Throws the field errors of <paramref name="scores"/>: a score outside 0..max, a key that is no criterion and,
    /// when <paramref name="complete"/>, a criterion left unscored.
    /// </summary>
    public static void ValidateScores(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, decimal> scores, bool complete)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var c in criteria)
        {
            if (!scores.TryGetValue(c.Key, out var score))
            {
                if (complete)
                    failures.Add(new($"scores.{c.Key}", "A score is required."));
            }
            else if (score < 0 || score > c.Max)
                failures.Add(new($"scores.{c.Key}", $"Must be between 0 and {c.Max}."));
        }
        foreach (var unknown in scores.Keys.Except(criteria.Select(c => c.Key)))
            failures.Add(new($"scores.{unknown}", "Not a criterion of this review."));
        if (failures.Count > 0)
            throw new ValidationException(failures);
    }

    public static async Task<MyAssignmentView> ViewAsync(ReviewFacts facts, Assignment a, Application application, CancellationToken ct)
    {
        var (workflow, review) = await facts.ReviewBlockAsync(application, ct);
        var scores = a.Scores is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal>>(a.Scores);
        // A blind review hides the applicant everywhere; the same rule as the application's view (ApplicationAccess.IsBlindFor).
        var organisationName = review.Blind ? null : application.SubmittedOrganisationName;
        // The same conditions RequireWritableAsync checks after the version and the confirmation.
        var open = AssignmentStatuses.Holding.Contains(a.Status) && a.Round == application.ReviewRound
            && workflow.HasTag(application.State, StateTags.CollectsReviews);
        return new MyAssignmentView(a.Id, a.ApplicationId, a.CallId, application.Title, organisationName, application.ProgrammeKey, application.SectorCode,
            a.Round, a.Status.ToString(), a.ConfirmedAt, a.DueAt, a.Late, a.DraftSavedAt, a.SubmittedAt, scores,
            a.WeightedTotal ?? (scores is null ? null : Scoring.RunningTotal(CriteriaOf(review), scores)),
            a.Comment, a.Recommendation, review.Criteria.Select(CriterionViewOf).ToList(), review.ShowOtherReviewsAfterSubmission, a.Version, open);
    }

    private static CriterionView CriterionViewOf(CriterionDefinition c) => new(c.Key, c.Title?.Zh, c.Title?.En, c.Weight, c.Max,
        c.Guide is not { } guide ? null : new ScoringGuideView(guide.Text?.Zh, guide.Text?.En,
            guide.Bands.OrderByDescending(b => b.Min).Select(b => new ScoreBandView(b.Min, b.Max, b.Text!.Zh, b.Text.En)).ToList()));
}
