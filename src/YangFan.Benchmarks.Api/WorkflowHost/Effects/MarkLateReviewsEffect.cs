using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class MarkLateReviewsEffect : IWorkflowEffect
{
    public string Name => "mark-late-reviews";
    public string Description => "Marks the current round's unfinished assignments as late, so administrators can reassign them.";

    public async ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var now = c.Time.GetUtcNow();
        var open = await c.Db.Assignments.Where(a => a.ApplicationId == c.Application.Id && a.Round == c.Application.ReviewRound
            && a.Status == AssignmentStatus.Assigned && a.DueAt <= now).ToListAsync(ct);
        foreach (var assignment in open)
            assignment.Late = true;
    }
}
