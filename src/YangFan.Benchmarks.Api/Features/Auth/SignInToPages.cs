using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

/// <summary>
/// Signing in to the web pages: the same password check as <see cref="IssueToken"/>, answered with who signed in (the
/// page puts it in its session cookie) instead of tokens. The API never accepts that cookie.
/// </summary>
public static class SignInToPages
{
    public sealed record Command(string Email, string Password) : ICommand<Outcome>;

    /// <summary>The account a page session is for, and its security stamp (the session ends when it changes).</summary>
    public sealed record PageSession(Guid UserId, string Email, string DisplayName, string Role, Guid? OrganisationId, string? SecurityStamp);

    /// <summary>Either the session or the refusal, returned so that the failed attempt is committed (as for tokens).</summary>
    public sealed record Outcome(PageSession? Session, ProblemException? Refusal);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(256);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
        }
    }

    public sealed class Handler(PasswordCheck check, AuditTrail audit) : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken ct)
        {
            if (await check.VerifyAsync(command.Email, command.Password, "auth.session", ct) is not { } user)
                return new Outcome(null, PasswordCheck.Refused);
            audit.Record("auth.session.started", "User", user.Id, actorId: user.Id, actorRole: user.Role);
            return new Outcome(new PageSession(user.Id, user.Email ?? command.Email, user.DisplayName, user.Role, user.OrganisationId,
                user.SecurityStamp), null);
        }
    }
}
