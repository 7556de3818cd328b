using System.Diagnostics;
using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

public static class IssueToken
{
    /// <summary>Credentials for signing in.</summary>
    public sealed record Command(string Email, string Password) : ICommand<Outcome>;

    /// <summary>
    /// Either tokens or the reason for refusal. A refusal is returned rather than thrown so that the failed-attempt
    /// count (and the lockout it leads to) is committed with the command.
    /// </summary>
    public sealed record Outcome(TokenResponse? Tokens, ProblemException? Refusal);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(256);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
        }
    }

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, TokenIssuer issuer, AuditTrail audit,
        AuthOptions options, IHttpContextAccessor http, TimeProvider time) : ICommandHandler<Command, Outcome>
    {
        /// <summary>
        /// The one answer to every refused sign-in: unknown e-mail, wrong password, disabled account, locked-out or
        /// throttled client. Anything else would tell an outsider which accounts exist.
        /// </summary>
        private static readonly ProblemException Refused = ProblemException.InvalidCredentials();

        private static readonly AppUser Nobody = new() { DisplayName = "", Role = "" };
        private static string? _dummyHash;

        public async ValueTask<Outcome> Handle(Command command, CancellationToken ct)
        {
            var user = await users.FindByEmailAsync(command.Email);
            // Every attempt costs one password hash, so an unknown e-mail answers no faster than a wrong password.
            var passwordMatches = user is not null
                ? await users.CheckPasswordAsync(user, command.Password)
                : VerifyAgainstDummy(command.Password);
            if (user is null || user.IsDisabled)
                return new Outcome(null, Refused);

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
                audit.Record("auth.token.refused", "User", user.Id, new { reason = refusal, client }, actorId: user.Id, actorRole: user.Role);
                return new Outcome(null, Refused);
            }

            if (throttle is null)
                db.SignInThrottles.Add(throttle = new SignInThrottle { UserId = user.Id, Client = client });
            if (!passwordMatches)
            {
                throttle.RecordFailure(now, options);
                audit.Record("auth.token.refused", "User", user.Id,
                    new { reason = throttle.IsLocked(now) ? "locked" : "bad-password", failedAttempts = throttle.Failures, client },
                    actorId: user.Id, actorRole: user.Role);
                return new Outcome(null, Refused);
            }

            throttle.RecordSuccess(now);
            // Clients that only ever failed, and not lately, are forgotten when the owner signs in.
            var forgetBefore = now - options.LockoutDuration;
            await db.SignInThrottles
                .Where(t => t.UserId == user.Id && t.Client != client && t.LastSuccessAt == null && t.LastFailureAt < forgetBefore)
                .ExecuteDeleteAsync(ct);
            var tokens = issuer.Issue(user, familyId: Guid.NewGuid(), out var stored);
            audit.Record("auth.token.issued", "User", user.Id, new { family = stored.FamilyId }, actorId: user.Id, actorRole: user.Role);
            return new Outcome(tokens, null);
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

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/token", async (Command command, ISender sender, AuthOptions options, CancellationToken ct) =>
            {
                // Wall-clock pacing of the answer, not business time: it must pass on every clock, fake ones included.
                var started = Stopwatch.GetTimestamp();
                var outcome = await sender.Send(command, ct);
                if (outcome.Refusal is not { } refusal)
                    return TypedResults.Ok(outcome.Tokens!);
                var remaining = TimeSpan.FromMilliseconds(options.RefusedSignInMilliseconds) - Stopwatch.GetElapsedTime(started);
                if (remaining > TimeSpan.Zero)
                    await Task.Delay(remaining, ct);
                throw refusal;
            })
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("IssueToken")
            .WithSummary("Signs in with e-mail and password; returns an access token and a refresh token.")
            .WithProblems(401, 413, 415, 429);
}
