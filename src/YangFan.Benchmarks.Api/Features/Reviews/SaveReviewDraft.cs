using System.Text.Json;
using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class SaveReviewDraft
{
    /// <summary>A draft of the review: any criteria scored so far (each 0 to its max), a comment and a recommendation, all optional.</summary>
    public sealed record Body(Dictionary<string, decimal>? Scores, string? Comment, SubmitReview.Verdict? Recommendation);

    public sealed record Command(Guid AssignmentId, Body Body, int? ExpectedVersion) : ICommand<MyAssignmentView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Comment).MaximumLength(4000).OverridePropertyName("comment");
            RuleFor(c => c.Body.Recommendation).IsInEnum().OverridePropertyName("recommendation");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, MyAssignmentView>
    {
        public async ValueTask<MyAssignmentView> Handle(Command command, CancellationToken ct)
        {
            var (assignment, application) = await OwnAssignment.LoadAsync(db, user, command.AssignmentId, ct);
            var review = await OwnAssignment.RequireWritableAsync(db, facts, assignment, application, command.ExpectedVersion, ct);
            // Taking a submitted review back to a draft would take it out of the quorum and the ranking behind the
            // administrators' backs; a submitted review is revised instead.
            if (assignment.Status == AssignmentStatus.Submitted)
                throw ProblemException.ReviewSubmitted(assignment.Id);
            var scores = command.Body.Scores ?? [];
            OwnAssignment.ValidateScores(OwnAssignment.CriteriaOf(review), scores, complete: false);

            assignment.Scores = JsonSerializer.Serialize(scores);
            assignment.Comment = string.IsNullOrWhiteSpace(command.Body.Comment) ? null : command.Body.Comment.Trim();
            assignment.Recommendation = command.Body.Recommendation?.ToString();
            assignment.DraftSavedAt = time.GetUtcNow();
            // The draft's scores stay with the expert: the event says that a draft was saved, not what it holds.
            audit.Record("review.draft-saved", "Application", application.Id, new { assignment.Id, assignment.Round, scored = scores.Count });
            await db.SaveChangesAsync(ct);
            return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/assignments/{id:guid}/review/draft", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender,
                CancellationToken ct) =>
            {
                var view = await sender.Send(new Command(id, body, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("SaveReviewDraft")
            .WithSummary("Saves a draft of the expert's review without submitting it (partial scores allowed); requires If-Match and the "
                + "no-conflict confirmation. A submitted review is revised with PUT …/review instead.")
            .WithProblems(400, 401, 403, 404, 409, 412, 428);
}
