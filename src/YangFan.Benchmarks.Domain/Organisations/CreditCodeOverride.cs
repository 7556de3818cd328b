namespace YangFan.Benchmarks.Domain.Organisations;

/// <summary>A real registered credit code that fails its checksum, accepted by an administrator with a reason.</summary>
public sealed class CreditCodeOverride
{
    public required string CreditCode { get; init; }
    public required string Reason { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
