using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;

namespace YangFan.Benchmarks.Api.Features.Auth;

/// <summary>
/// Someone who forgot their password asks for a link to set a new one. The answer is the same whether or not an account
/// has the address, so it tells nobody which addresses are registered. For an account, a single-use token valid for
/// <see cref="Lifetime"/> is made (stored as its hash; earlier unused ones end) and its link is written to the e-mail
/// outbox, which the sender delivers (never to the log: whoever reads the log could take over the account).
/// </summary>
public static class RequestPasswordReset
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>The e-mail address of the account.</summary>
    public sealed record Command(string Email) : ICommand<Response>;

    /// <summary>Always this answer, whether or not an account has the address.</summary>
    /// <param name="Message">What happens next.</param>
    public sealed record Response(string Message)
    {
        public static readonly Response Sent = new(
            "If an account has this e-mail address, a link to set a new password has been sent to it. The link works once, within one hour.");
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress();
    }

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, Outbox outbox, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var user = await users.FindByEmailAsync(command.Email.Trim());
            if (user is null || user.IsDisabled)
                return Response.Sent;

            var now = time.GetUtcNow();
            await db.PasswordResets.Where(r => r.UserId == user.Id && r.UsedAt == null && r.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.EndedAt, now), ct);
            // The same kind of opaque token as a refresh token: 256 random bits, of which only the SHA-256 is kept.
            var (token, hash) = SecretTokens.Create();
            var reset = new PasswordReset { Id = Guid.NewGuid(), UserId = user.Id, TokenHash = hash, CreatedAt = now, ExpiresAt = now + Lifetime };
            db.PasswordResets.Add(reset);

            var link = outbox.Link(Link(token));
            // In the language of the page asking for it (the person is reading it now), else the account's.
            outbox.Write(MailRecipient.For(user) with { Language = outbox.RequestLanguageOr(user.PreferredLanguage) }, MailEvents.PasswordReset, reset.Id,
                new PasswordResetMail(user.DisplayName, link, (int)Lifetime.TotalMinutes));
            audit.Record("auth.password-reset.requested", "User", user.Id, new { resetId = reset.Id, reset.ExpiresAt },
                actorId: user.Id, actorRole: user.Role);
            return Response.Sent;
        }
    }

    /// <summary>The page that takes a reset token.</summary>
    public static string Link(string token) => $"/reset-password/{token}";

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/password-reset", async (Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await sender.Send(command, ct)))
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("RequestPasswordReset")
            .WithSummary("Sends a link to set a new password to the address, if an account has it; the answer is the same either way.")
            .WithProblems(413, 415, 429);
}
