using System.Text.Json;
using FluentValidation;
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
            var review = await OwnAssignment.RequireWritableAsync(db, facts, assignment, application, command.ExpectedVersion, ct);
            var criteria = OwnAssignment.CriteriaOf(review);
            OwnAssignment.ValidateScores(criteria, command.Body.Scores, complete: true);

            var first = assignment.Status == AssignmentStatus.Assigned;
            assignment.Scores = JsonSerializer.Serialize(command.Body.Scores);
            assignment.WeightedTotal = Scoring.WeightedTotal(criteria, command.Body.Scores);
            assignment.Comment = command.Body.Comment.Trim();
            assignment.Recommendation = command.Body.Recommendation.ToString();
            assignment.Status = AssignmentStatus.Submitted;
            assignment.SubmittedAt ??= time.GetUtcNow();
            assignment.DraftSavedAt = null;
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
            .WithSummary("Submits the expert's review (a draft saved before, if any, becomes the review) or revises it until the round closes; "
                + "requires If-Match (a stale one is 412 with the current version) and the no-conflict confirmation, accepts Idempotency-Key.")
            .WithProblems(401, 403, 404, 409, 412, 422, 428);
}
