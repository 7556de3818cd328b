using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
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

/// <summary>An expert's own assignment: what to review, by when, against which criteria.</summary>
public sealed record MyAssignmentView(Guid Id, Guid ApplicationId, string Title, string ProgrammeKey, string? SectorCode, int Round,
    string Status, DateTimeOffset DueAt, bool Late, DateTimeOffset? SubmittedAt, IReadOnlyDictionary<string, decimal>? Scores,
    string? Comment, string? Recommendation, IReadOnlyList<CriterionView> Criteria, int Version);

/// <summary>A criterion to score: its key, titles, weight and maximum.</summary>
public sealed record CriterionView(string Key, string? TitleZh, string? TitleEn, decimal Weight, decimal Max);

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

    public static async Task<MyAssignmentView> ViewAsync(ReviewFacts facts, Assignment a, Application application, CancellationToken ct)
    {
        var (_, review) = await facts.ReviewBlockAsync(application, ct);
        return new MyAssignmentView(a.Id, a.ApplicationId, application.Title, application.ProgrammeKey, application.SectorCode, a.Round, a.Status,
            a.DueAt, a.Late, a.SubmittedAt, a.Scores is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal>>(a.Scores),
            a.Comment, a.Recommendation,
            review.Criteria.Select(c => new CriterionView(c.Key, c.Title?.Zh, c.Title?.En, c.Weight, c.Max)).ToList(), a.Version);
    }
}

public static class MyAssignments
{
    public sealed record Query : IQuery<IReadOnlyList<MyAssignmentView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts) : IQueryHandler<Query, IReadOnlyList<MyAssignmentView>>
    {
        public async ValueTask<IReadOnlyList<MyAssignmentView>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var rows = await (from a in db.Assignments.AsNoTracking()
                              join app in db.Applications.AsNoTracking() on a.ApplicationId equals app.Id
                              where a.ExpertId == me && AssignmentStatus.Holding.Contains(a.Status) && a.Round == app.ReviewRound
                              orderby a.DueAt
                              select new { a, app }).ToListAsync(ct);
            var views = new List<MyAssignmentView>();
            foreach (var row in rows)
                views.Add(await OwnAssignment.ViewAsync(facts, row.a, row.app, ct));
            return views;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/me/assignments", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("MyAssignments")
            .WithSummary("The expert's review queue with due dates (experts only).")
            .WithProblems(401, 403);
}

public static class SubmitReview
{
    public enum Verdict { Recommend, Borderline, Reject }

    /// <summary>A review: a score for every criterion (0 to its max), a comment and a recommendation.</summary>
    public sealed record Body(Dictionary<string, decimal> Scores, string Comment, Verdict Recommendation);

    public sealed record Command(Guid AssignmentId, Body Body, int? ExpectedVersion, string? IdempotencyKey) : ICommand<(string Json, string ETag)>;

    public const int MinimumCommentLength = 20;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Scores).NotNull().OverridePropertyName("scores");
            RuleFor(c => c.Body.Comment).NotEmpty().MinimumLength(MinimumCommentLength).MaximumLength(4000).OverridePropertyName("comment");
            RuleFor(c => c.Body.Recommendation).IsInEnum().OverridePropertyName("recommendation");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts, WorkflowRuntime runtime, Idempotency idempotency,
        AuditTrail audit, TimeProvider time) : ICommandHandler<Command, (string, string)>
    {
        public async ValueTask<(string, string)> Handle(Command command, CancellationToken ct)
        {
            var caller = user.RequireId();
            var hash = Idempotency.Hash("review", command.AssignmentId, JsonSerializer.Serialize(command.Body));
            if (await idempotency.FindAsync(caller, command.IdempotencyKey, hash, ct) is { } replay)
                return (replay.Body, replay.ETag);

            var (assignment, application) = await OwnAssignment.LoadAsync(db, user, command.AssignmentId, ct);
            // Before If-Match: ending the assignment raised its version, which the expert can no longer read.
            if (assignment.Status == AssignmentStatus.Conflicted)
                throw ProblemException.Conflict("A conflict of interest with the applicant ended this assignment: the review can no longer be "
                    + "written or changed, and a review already written does not count.", ProblemTypes.AssignmentConflicted);
            db.RequireVersion(assignment, command.ExpectedVersion, "assignment");
            if (!AssignmentStatus.Holding.Contains(assignment.Status))
                throw ProblemException.Conflict($"This assignment has ended ({assignment.Status}).");
            var (workflow, review) = await facts.ReviewBlockAsync(application, ct);
            if (application.ReviewRound != assignment.Round || !workflow.State(application.State).CollectsReviews)
                throw ProblemException.Conflict("The review round has closed; the review can no longer be changed.");

            var criteria = review.Criteria.Select(c => new Criterion(c.Key, c.Weight, c.Max)).ToList();
            var failures = new List<ValidationFailure>();
            foreach (var c in criteria)
            {
                if (!command.Body.Scores.TryGetValue(c.Key, out var score))
                    failures.Add(new ValidationFailure($"scores.{c.Key}", "A score is required."));
                else if (score < 0 || score > c.Max)
                    failures.Add(new ValidationFailure($"scores.{c.Key}", $"Must be between 0 and {c.Max}."));
            }
            foreach (var unknown in command.Body.Scores.Keys.Except(criteria.Select(c => c.Key)))
                failures.Add(new ValidationFailure($"scores.{unknown}", "Not a criterion of this review."));
            if (failures.Count > 0)
                throw new ValidationException(failures);

            var first = assignment.Status == AssignmentStatus.Assigned;
            assignment.Scores = JsonSerializer.Serialize(command.Body.Scores);
            assignment.WeightedTotal = Scoring.WeightedTotal(criteria, command.Body.Scores);
            assignment.Comment = command.Body.Comment.Trim();
            assignment.Recommendation = command.Body.Recommendation.ToString();
            assignment.Status = AssignmentStatus.Submitted;
            assignment.SubmittedAt ??= time.GetUtcNow();
            audit.Record(first ? "review.submitted" : "review.revised", "Application", application.Id,
                new { assignment.Id, assignment.Round, assignment.WeightedTotal });
            await db.SaveChangesAsync(ct);

            // A review is data behind the reviews-complete guard: let the engine move the application on.
            await runtime.ReevaluateAsync(application, Domain.Auditing.AuditChannels.Api, ct);
            await db.SaveChangesAsync(ct);

            var json = JsonSerializer.Serialize(await OwnAssignment.ViewAsync(facts, assignment, application, ct), JsonSerializerOptions.Web);
            var etag = $"\"{assignment.Version}\"";
            idempotency.Remember(caller, command.IdempotencyKey, hash, json, etag);
            return (json, etag);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/assignments/{id:guid}/review", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender,
                CancellationToken ct) =>
            {
                var (json, etag) = await sender.Send(new Command(id, body, EndpointConventions.ParseIfMatch(request),
                    Idempotency.KeyFrom(request)), ct);
                response.Headers.ETag = etag;
                return TypedResults.Text(json, "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("SubmitReview")
            .Produces<MyAssignmentView>()
            .WithSummary("Writes or revises the expert's review until the round closes; requires If-Match, accepts Idempotency-Key.")
            .WithProblems(401, 403, 404, 409, 412, 422, 428);
}

public static class LeaveAssignment
{
    /// <summary>Why the expert declines, or what the conflict of interest is.</summary>
    public sealed record Body(string Reason);

    public sealed record Command(Guid AssignmentId, string Reason, bool Conflict) : ICommand<MyAssignmentView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).MaximumLength(500);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts, ConflictedAssignments conflicted, AuditTrail audit,
        TimeProvider time) : ICommandHandler<Command, MyAssignmentView>
    {
        public async ValueTask<MyAssignmentView> Handle(Command command, CancellationToken ct)
        {
            if (command.Conflict)
                await conflicted.SerialiseAsync(user.RequireId(), ct);
            var (assignment, application) = await OwnAssignment.LoadAsync(db, user, command.AssignmentId, ct);
            if (assignment.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be left; this one is {assignment.Status}.");
            var now = time.GetUtcNow();
            assignment.Status = command.Conflict ? AssignmentStatus.ConflictDeclared : AssignmentStatus.Declined;
            assignment.EndedAt = now;
            assignment.EndedReason = command.Reason.Trim();
            if (command.Conflict)
            {
                // Kept, so the automatic assigner never proposes this expert for the organisation again.
                var code = await db.Organisations.Where(o => o.Id == application.OrganisationId).Select(o => o.CreditCode).FirstAsync(ct);
                if (!await db.ExpertConflicts.AnyAsync(c => c.ExpertId == assignment.ExpertId && c.CreditCode == code, ct))
                    db.ExpertConflicts.Add(new ExpertConflict { ExpertId = assignment.ExpertId, CreditCode = code, Reason = assignment.EndedReason, CreatedAt = now });
                // The expert's other open assignments with the organisation end too, reviewed or not.
                await conflicted.EndAsync(assignment.ExpertId, code, assignment.EndedReason, ct);
            }
            audit.Record(command.Conflict ? "assignment.conflict-declared" : "assignment.declined", "Application", application.Id,
                new { assignment.Id, reason = assignment.EndedReason });
            await db.SaveChangesAsync(ct);
            return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/assignments/{id:guid}/decline", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Reason, Conflict: false), ct)))
            .WithName("DeclineAssignment")
            .WithSummary("The expert declines the assignment; the slot reopens.")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/assignments/{id:guid}/conflict", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Reason, Conflict: true), ct)))
            .WithName("DeclareAssignmentConflict")
            .WithSummary("The expert declares a conflict of interest: the assignment ends, the reason is kept, the slot reopens.")
            .WithProblems(401, 403, 404, 409);
    }
}
