using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class SubmitReview
{
    public enum Verdict { Recommend, Borderline, Reject }

    /// <summary>A review: a score for every criterion (0 to its max), a comment and a recommendation.</summary>
    public sealed record Body(Dictionary<string, decimal> Scores, string Comment, Verdict Recommendation);

    public sealed record Command(Guid AssignmentId, Body Body, int? ExpectedVersion, string? IdempotencyKey)
        : ICommand<MyAssignmentView>, IIdempotentCommand
    {
        public string RequestHash() => Idempotency.Hash("review", AssignmentId, JsonSerializer.Serialize(Body));
    }

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

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts, WorkflowRuntime runtime,
        AuditTrail audit, TimeProvider time) : ICommandHandler<Command, MyAssignmentView>
    {
        public async ValueTask<MyAssignmentView> Handle(Command command, CancellationToken ct)
        {
            var (assignment, application) = await OwnAssignment.LoadAsync(db, user, command.AssignmentId, ct);
            // Before If-Match: ending the assignment raised its version, which the expert can no longer read.
            if (assignment.Status == AssignmentStatus.Conflicted)
                throw ProblemException.AssignmentConflicted();
            db.RequireVersion(assignment, command.ExpectedVersion, "assignment");
            if (!AssignmentStatuses.Holding.Contains(assignment.Status))
                throw ProblemException.Conflict($"This assignment has ended ({assignment.Status}).");
            var (workflow, review) = await facts.ReviewBlockAsync(application, ct);
            if (application.ReviewRound != assignment.Round || !workflow.HasTag(application.State, StateTags.CollectsReviews))
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

            return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/assignments/{id:guid}/review", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender,
                CancellationToken ct) =>
            {
                var view = await sender.Send(new Command(id, body, EndpointConventions.ParseIfMatch(request),
                    Idempotency.KeyFrom(request)), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("SubmitReview")
            .WithSummary("Writes or revises the expert's review until the round closes; requires If-Match, accepts Idempotency-Key.")
            .WithProblems(401, 403, 404, 409, 412, 422, 428);
}
