namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>A named action a definition can attach to a transition; runs in the transition's transaction.</summary>
public interface IWorkflowEffect
{
    string Name { get; }
    string Description { get; }
    Type? ArgumentsType => null;
    ValueTask ApplyAsync(StepContext context, object? arguments, CancellationToken ct);
}
