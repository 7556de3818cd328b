namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>The first response to a request sent with an <c>Idempotency-Key</c>, replayed for retries.</summary>
public sealed class IdempotencyRecord
{
    public Guid CallerId { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public required string Body { get; init; }
    public string? ETag { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
