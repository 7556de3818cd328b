namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// Sign-in attempts to one account from one client (an IPv4 address or an IPv6 /64, see
/// <see cref="Infrastructure.ClientAddress"/>). Failures lock out only the client that made them, so nobody elsewhere
/// can lock the owner out of their own account. Kept in the database, because every API process must see the same
/// counts.
/// </summary>
public sealed class SignInThrottle
{
    public Guid UserId { get; init; }
    public required string Client { get; init; }

    /// <summary>Failures in a row, since the last success or the end of the last lockout.</summary>
    public int Failures { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>When this client last signed in to the account; a client that ever has is spared the account-wide throttle.</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }

    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

    public void RecordFailure(DateTimeOffset now, AuthOptions options)
    {
        if (LockedUntil <= now)
        {
            Failures = 0;
            LockedUntil = null;
        }
        Failures++;
        LastFailureAt = now;
        if (Failures >= options.LockoutAttempts)
            LockedUntil = now + options.LockoutDuration;
    }

    public void RecordSuccess(DateTimeOffset now)
    {
        Failures = 0;
        LockedUntil = null;
        LastSuccessAt = now;
    }
}
