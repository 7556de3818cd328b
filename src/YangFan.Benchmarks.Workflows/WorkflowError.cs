namespace YangFan.Benchmarks.Workflows;

/// <summary>One thing wrong with a definition: where (a JSON path such as <c>$.transitions[3].to</c>) and why.</summary>
public sealed record WorkflowError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a definition that must be valid is not; carries every error found.</summary>
public sealed class InvalidWorkflowException(string key, int version, IReadOnlyList<WorkflowError> errors)
    : Exception($"Workflow {key} v{version} is invalid: {string.Join("; ", errors)}")
{
    public IReadOnlyList<WorkflowError> Errors { get; } = errors;
}
