using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class ReviewsCompleteGuard : IWorkflowGuard
{
    public string Name => "reviews-complete";
    public string Description => "The minimum number of expert reviews of the current round is in.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var minimum = c.Workflow.Review()?.MinReviewers ?? 1;
        var submitted = await c.Db.Assignments.CountAsync(r =>
            r.ApplicationId == c.Application.Id && r.Round == c.Application.ReviewRound && r.Status == AssignmentStatus.Submitted, ct);
        return submitted >= minimum;
    }
}
