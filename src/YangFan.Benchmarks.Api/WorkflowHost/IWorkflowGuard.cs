namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>A named condition a definition can put on a transition.</summary>
public interface IWorkflowGuard
{
    string Name { get; }
    string Description { get; }
    Type? ArgumentsType => null;

    /// <summary>A problem type more specific than guards-unmet for when this guard refuses, if any.</summary>
    string? ProblemType => null;
    ValueTask<bool> HoldsAsync(StepContext context, object? arguments, CancellationToken ct);
}
