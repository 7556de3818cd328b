using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

public static class RefreshAccessToken
{
    /// <summary>A refresh token from a previous sign-in or refresh. Each can be used once.</summary>
    public sealed record Command(string RefreshToken) : ICommand<Outcome>;

    /// <summary>Tokens, or a refusal whose side effects (revoking a stolen family) must still be committed.</summary>
    public sealed record Outcome(TokenResponse? Tokens, ProblemException? Refusal);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(200);
    }

    public sealed class Handler(AppDbContext db, TokenIssuer issuer, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, Outcome>
    {
        private static readonly ProblemException Invalid = ProblemException.InvalidRefreshToken();

        private static readonly ProblemException Reused = ProblemException.RefreshTokenReused();

        public async ValueTask<Outcome> Handle(Command command, CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var hash = SecretTokens.Hash(command.RefreshToken);
            var token = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
            if (token is null)
                return new Outcome(null, Invalid);

            if (token.ReplacedById is not null)
                return await RevokeFamily(token, "reuse-detected", Reused, ct);
            if (token.RevokedAt is not null || token.ExpiresAt <= now)
                return new Outcome(null, Invalid);

            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
            if (user is null || user.IsDisabled)
                return await RevokeFamily(token, "account-disabled", Invalid, ct);

            var tokens = issuer.Issue(user, token.FamilyId, out var next);
            // The conditional update is the guard against two concurrent refreshes with the same token:
            // only one can move it from unused to rotated; the other is treated as reuse.
            var rotated = await db.RefreshTokens
                .Where(t => t.Id == token.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.RevokedAt, now)
                    .SetProperty(t => t.RevokedReason, "rotated")
                    .SetProperty(t => t.ReplacedById, next.Id), ct);
            if (rotated == 0)
            {
                db.RefreshTokens.Remove(next);
                return await RevokeFamily(token, "reuse-detected", Reused, ct);
            }

            audit.Record("auth.token.refreshed", "User", user.Id, new { family = token.FamilyId }, actorId: user.Id, actorRole: user.Role);
            return new Outcome(tokens, null);
        }

        private async Task<Outcome> RevokeFamily(RefreshToken token, string reason, ProblemException refusal, CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var revoked = await db.RefreshTokens
                .Where(t => t.FamilyId == token.FamilyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), ct);
            audit.Record(reason == "reuse-detected" ? "auth.refresh.reuse-detected" : "auth.refresh.family-revoked",
                "User", token.UserId, new { family = token.FamilyId, revoked, reason }, actorId: token.UserId, actorRole: null);
            return new Outcome(null, refusal);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/refresh", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var outcome = await sender.Send(command, ct);
                return outcome.Refusal is { } refusal ? throw refusal : TypedResults.Ok(outcome.Tokens!);
            })
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("RefreshToken")
            .WithSummary("Exchanges a refresh token for new tokens. A token already used revokes its whole family.")
            .WithProblems(401, 413, 415, 429);
}
