using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
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

    public sealed class Handler(UserManager<AppUser> users, TokenIssuer issuer, AuditTrail audit)
        : ICommandHandler<Command, Outcome>
    {
        private static readonly ProblemException InvalidCredentials = ProblemException.Unauthorized(
            ProblemTypes.InvalidCredentials, "Sign-in failed", "The e-mail address or password is incorrect.");

        private static readonly ProblemException Locked = ProblemException.Unauthorized(
            ProblemTypes.AccountLocked, "Account locked",
            "Too many failed sign-in attempts. The account is locked for 15 minutes.");

        public async ValueTask<Outcome> Handle(Command command, CancellationToken ct)
        {
            var user = await users.FindByEmailAsync(command.Email);
            if (user is null || user.IsDisabled)
                return new Outcome(null, InvalidCredentials);

            if (await users.IsLockedOutAsync(user))
            {
                audit.Record("auth.token.refused", "User", user.Id, new { reason = "locked" }, actorId: user.Id, actorRole: user.Role);
                return new Outcome(null, Locked);
            }

            if (!await users.CheckPasswordAsync(user, command.Password))
            {
                await users.AccessFailedAsync(user);
                var locked = await users.IsLockedOutAsync(user);
                audit.Record("auth.token.refused", "User", user.Id,
                    new { reason = locked ? "locked" : "bad-password", failedAttempts = user.AccessFailedCount },
                    actorId: user.Id, actorRole: user.Role);
                return new Outcome(null, locked ? Locked : InvalidCredentials);
            }

            if (user.AccessFailedCount > 0)
                await users.ResetAccessFailedCountAsync(user);
            var tokens = issuer.Issue(user, familyId: Guid.NewGuid(), out var stored);
            audit.Record("auth.token.issued", "User", user.Id, new { family = stored.FamilyId }, actorId: user.Id, actorRole: user.Role);
            return new Outcome(tokens, null);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/token", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var outcome = await sender.Send(command, ct);
                return outcome.Refusal is { } refusal ? throw refusal : TypedResults.Ok(outcome.Tokens!);
            })
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("IssueToken")
            .WithSummary("Signs in with e-mail and password; returns an access token and a refresh token.")
            .WithProblems(401, 413, 415, 429);
}
