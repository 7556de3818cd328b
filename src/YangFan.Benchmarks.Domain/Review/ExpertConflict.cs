namespace YangFan.Benchmarks.Domain.Review;

/// <summary>An organisation an expert must never review, with the reason they gave or an administrator recorded.</summary>
public sealed class ExpertConflict
{
    public Guid ExpertId { get; init; }
    public required string CreditCode { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
