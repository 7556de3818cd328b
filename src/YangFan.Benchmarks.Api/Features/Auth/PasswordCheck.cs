using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

/// <summary>
/// The one check of an e-mail and a password, shared by the API's token sign-in and the pages' cookie sign-in, so both
/// count failures, throttle and lock out alike. Refusals are audited as <c>&lt;prefix&gt;.refused</c>.
/// </summary>
public sealed class PasswordCheck(AppDbContext db, UserManager<AppUser> users, AuditTrail audit,
    AuthOptions options, IHttpContextAccessor http, TimeProvider time)
{
    private static readonly AppUser Nobody = new() { DisplayName = "", Role = "" };
    private static string? _dummyHash;

    /// <summary>
    /// The one answer to every refused sign-in: unknown e-mail, wrong password, disabled account, locked-out or
    /// throttled client. Anything else would tell an outsider which accounts exist.
    /// </summary>
    public static ProblemException Refused => ProblemException.InvalidCredentials();

    /// <summary>The account the credentials prove, or null when refused (the failure is recorded, to be committed).</summary>
    public async Task<AppUser?> VerifyAsync(string email, string password, string auditPrefix, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        // Every attempt costs one password hash, so an unknown e-mail answers no faster than a wrong password.
        var passwordMatches = user is not null
            ? await users.CheckPasswordAsync(user, password)
            : VerifyAgainstDummy(password);
        if (user is null || user.IsDisabled)
            return null;

        var client = ClientAddress.PartitionKey(http.HttpContext?.Connection.RemoteIpAddress);
        var now = time.GetUtcNow();
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"sign-in/" + user.Id}, 0))", ct);
        var throttle = await db.SignInThrottles.FirstOrDefaultAsync(t => t.UserId == user.Id && t.Client == client, ct);

        var refusal = throttle?.IsLocked(now) == true ? "locked"
            : throttle?.LastSuccessAt is null && await RecentFailuresAsync(user.Id, now, ct) >= options.AccountThrottleAttempts ? "throttled"
            : null;
        if (refusal is not null)
        {
            audit.Record(auditPrefix + ".refused", "User", user.Id, new { reason = refusal, client }, actorId: user.Id, actorRole: user.Role);
            return null;
        }

        if (throttle is null)
            db.SignInThrottles.Add(throttle = new SignInThrottle { UserId = user.Id, Client = client });
        if (!passwordMatches)
        {
            throttle.RecordFailure(now, options);
            audit.Record(auditPrefix + ".refused", "User", user.Id,
                new { reason = throttle.IsLocked(now) ? "locked" : "bad-password", failedAttempts = throttle.Failures, client },
                actorId: user.Id, actorRole: user.Role);
            return null;
        }

        throttle.RecordSuccess(now);
        // Clients that only ever failed, and not lately, are forgotten when the owner signs in.
        var forgetBefore = now - options.LockoutDuration;
        await db.SignInThrottles
            .Where(t => t.UserId == user.Id && t.Client != client && t.LastSuccessAt == null && t.LastFailureAt < forgetBefore)
            .ExecuteDeleteAsync(ct);
        return user;
    }

    /// <summary>
    /// Holds a refused sign-in's answer until <c>Auth:RefusedSignInMilliseconds</c> after it started (wall-clock pacing,
    /// not business time: it must pass on every clock, fake ones included). Called after the refusal has committed.
    /// </summary>
    public static async Task PaceRefusalAsync(long startedTimestamp, AuthOptions options, CancellationToken ct)
    {
        var remaining = TimeSpan.FromMilliseconds(options.RefusedSignInMilliseconds) - Stopwatch.GetElapsedTime(startedTimestamp);
        if (remaining > TimeSpan.Zero)
            await Task.Delay(remaining, ct);
    }

    /// <summary>Failures to the account from every client within the lockout window.</summary>
    private Task<int> RecentFailuresAsync(Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - options.LockoutDuration;
        return db.SignInThrottles.Where(t => t.UserId == userId && t.LastFailureAt > since).SumAsync(t => t.Failures, ct);
    }

    /// <summary>Spends the time of one password check for an account that does not exist; never matches.</summary>
    private bool VerifyAgainstDummy(string password)
    {
        var hash = _dummyHash ??= users.PasswordHasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        _ = users.PasswordHasher.VerifyHashedPassword(Nobody, hash, password);
        return false;
    }
}
