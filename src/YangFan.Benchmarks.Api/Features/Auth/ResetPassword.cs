using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

/// <summary>
/// Sets a new password with the token of an e-mailed reset link. The token is used up; the old password stops working;
/// every session of the account ends: its refresh tokens are revoked and its page cookies are refused from the next
/// request (the security stamp they carry changes); failed sign-ins counted against the old password are forgotten.
/// An unknown, expired, used or replaced token changes nothing.
/// </summary>
public static class ResetPassword
{
    /// <summary>The token from the link, and the new password.</summary>
    /// <param name="Token">The last segment of the link (<c>/reset-password/{token}</c>).</param>
    /// <param name="Password">The new password: at least 10 characters with upper-case, lower-case and a digit, as at registration.</param>
    public sealed record Command(string Token, string Password) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Token).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
        }
    }

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var hash = SecretTokens.Hash(command.Token);
            var reset = await db.PasswordResets.AsNoTracking()
                .FirstOrDefaultAsync(r => r.TokenHash == hash && r.UsedAt == null && r.EndedAt == null && r.ExpiresAt > now, ct)
                ?? throw ProblemException.PasswordResetInvalid();
            var user = await users.FindByIdAsync(reset.UserId.ToString());
            if (user is null || user.IsDisabled)
                throw ProblemException.PasswordResetInvalid();
            // The registration's password rules, checked before anything is written.
            await IdentityErrors.ThrowIfPasswordRefusedAsync(users, user, command.Password);

            // Used up in one statement that checks it is still usable: of two completions at once, only one gets here.
            var used = await db.PasswordResets
                .Where(r => r.Id == reset.Id && r.UsedAt == null && r.EndedAt == null && r.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct);
            if (used == 0)
                throw ProblemException.PasswordResetInvalid();
            await db.PasswordResets.Where(r => r.UserId == user.Id && r.Id != reset.Id && r.UsedAt == null && r.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.EndedAt, now), ct);
            var revoked = await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, "password-reset"), ct);
            // Failed sign-ins counted against the old password say nothing about the new one: a person locked out by
            // someone guessing can sign in at once with the password they just set.
            await db.SignInThrottles.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);

            user.PasswordHash = users.PasswordHasher.HashPassword(user, command.Password);
            // A new security stamp: page sessions issued with the old one are refused at their next request.
            IdentityErrors.ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
            audit.Record("auth.password-reset", "User", user.Id, new { resetId = reset.Id, refreshTokensRevoked = revoked },
                actorId: user.Id, actorRole: user.Role);
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/password-reset/complete", async (Command command, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(command, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("ResetPassword")
            .WithSummary("Sets a new password with the token of a reset link; the account's sessions end.")
            .WithProblems(400, 413, 415, 429);
}
