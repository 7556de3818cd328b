namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// Requests counted against one rate-limit policy for one partition (a client address) in one fixed window, shared by
/// every API process on the PostgreSQL database (docs/decisions/0042). Written only by <see cref="RateCounter"/>.
/// </summary>
public sealed class RateWindow
{
    public required string Policy { get; init; }
    public required string Partition { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public int Count { get; init; }
}
