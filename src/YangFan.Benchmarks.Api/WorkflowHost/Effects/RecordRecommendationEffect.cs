namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class RecordRecommendationEffect : IWorkflowEffect
{
    public string Name => "record-recommendation";
    public string Description => "Records which recommender recommended the application; it counts against their quota.";

    public ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        c.Application.RecommendedBy = c.Actor.Id;
        c.Application.RecommendedAt = c.Time.GetUtcNow();
        return ValueTask.CompletedTask;
    }
}
