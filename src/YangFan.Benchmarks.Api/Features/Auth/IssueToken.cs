using System.Diagnostics;
using FluentValidation;
using Mediator;
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

    public sealed class Handler(PasswordCheck check, TokenIssuer issuer, AuditTrail audit) : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken ct)
        {
            if (await check.VerifyAsync(command.Email, command.Password, "auth.token", ct) is not { } user)
                return new Outcome(null, PasswordCheck.Refused);
            var tokens = issuer.Issue(user, familyId: Guid.NewGuid(), out var stored);
            audit.Record("auth.token.issued", "User", user.Id, new { family = stored.FamilyId }, actorId: user.Id, actorRole: user.Role);
            return new Outcome(tokens, null);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/token", async (Command command, ISender sender, AuthOptions options, CancellationToken ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await sender.Send(command, ct);
                if (outcome.Refusal is not { } refusal)
                    return TypedResults.Ok(outcome.Tokens!);
                await PasswordCheck.PaceRefusalAsync(started, options, ct);
                throw refusal;
            })
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("IssueToken")
            .WithSummary("Signs in with e-mail and password; returns an access token and a refresh token.")
            .WithProblems(401, 413, 415, 429);
}
