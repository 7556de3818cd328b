namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// A request to reset a forgotten password. The token travels only in the e-mailed link and is stored as its SHA-256
/// hash; it is single-use, expires, and ends when a newer reset of the same account is asked for.
/// </summary>
public sealed class PasswordReset
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public required string TokenHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the password was set with it.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When a newer reset of the same account (or a completed one) made it worthless.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}
