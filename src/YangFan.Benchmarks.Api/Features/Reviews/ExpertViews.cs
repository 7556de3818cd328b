namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>An expert as administrators manage them.</summary>
public sealed record ExpertView(Guid Id, string Email, string DisplayName, string? AffiliationCreditCode, string? ProvinceCode,
    IReadOnlyList<string> Sectors, int MaxAssignmentsPerCall, bool Active, bool Disabled, IReadOnlyList<DeclaredConflictView> DeclaredConflicts,
    int ActiveAssignments);

/// <summary>An organisation the expert must not review.</summary>
public sealed record DeclaredConflictView(string CreditCode, string Reason, DateTimeOffset CreatedAt);
