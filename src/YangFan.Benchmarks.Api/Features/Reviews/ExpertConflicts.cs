namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// The request body of <see cref="DeclareExpertConflict"/>. It keeps the name it was published under (the OpenAPI
/// schema <c>ExpertConflictsBody</c>) when declaring and withdrawing a conflict became one use case each.
/// </summary>
public static class ExpertConflicts
{
    /// <summary>An organisation the expert must not review, and why.</summary>
    public sealed record Body(string CreditCode, string Reason);
}
