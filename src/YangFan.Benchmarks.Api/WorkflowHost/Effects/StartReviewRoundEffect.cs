namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class StartReviewRoundEffect : IWorkflowEffect
{
    public string Name => "start-review-round";
    public string Description => "Opens a fresh review round; reviews of earlier rounds no longer count.";

    public ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        c.Application.ReviewRound++;
        return ValueTask.CompletedTask;
    }
}
