namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// The request body of <see cref="AssignExpert"/> and <see cref="ReassignAssignment"/>. It keeps the name it was
/// published under (the OpenAPI schema <c>ManualAssignmentBody</c>) when the manual assignment endpoints became one
/// use case each.
/// </summary>
public static class ManualAssignment
{
    /// <summary>The expert to assign.</summary>
    public sealed record Body(Guid ExpertId);
}
