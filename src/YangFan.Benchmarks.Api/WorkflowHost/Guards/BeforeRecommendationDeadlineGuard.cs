namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The call's recommendation deadline has not passed (a call without one has no deadline). Guards both recommending
/// and declining: after the deadline the authority's word on an application is final either way. A refusal is the
/// problem type <c>recommendation-deadline-passed</c>, naming the deadline.
/// </summary>
public sealed class BeforeRecommendationDeadlineGuard : IWorkflowGuard
{
    public string Name => "before-recommendation-deadline";
    public string Description => "The call's recommendation deadline has not passed.";
    public string? ProblemType => Infrastructure.ProblemTypes.RecommendationDeadlinePassed;

    public ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Call.TakesRecommendations(c.Time.GetUtcNow()))
            return ValueTask.FromResult(true);
        var deadline = c.Call.RecommendationDeadline!.Value;
        c.Findings.Add(new GuardFinding(Name, $"The call's recommendation deadline passed at {deadline:O}.",
            new Dictionary<string, object?> { ["deadline"] = deadline }));
        return ValueTask.FromResult(false);
    }
}
