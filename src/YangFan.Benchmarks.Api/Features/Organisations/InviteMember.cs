using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.Api.Pages.Shared;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// An invitation as the owner sees it (never its token, which only the answer to the invitation carries); <c>status</c>
/// is Pending, Accepted, Revoked or Expired.
/// </summary>
public sealed record InvitationView(Guid Id, string Email, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt)
{
    public static InvitationView From(OrganisationInvitation i, DateTimeOffset now) => new(i.Id, i.Email, InvitationTokens.Status(i, now),
        i.CreatedAt, i.ExpiresAt, i.AcceptedAt);
}

/// <summary>
/// The owner invites a colleague by e-mail address. The answer carries the token and the link to accept it, once:
/// only the token's hash is stored. The same link is written to the e-mail outbox for the colleague; until the outbox is
/// delivered (the e-mail issue), the owner passes the link on.
/// </summary>
public static class InviteMember
{
    /// <summary>The colleague's e-mail address; they accept by signing up with it, or by signing in to an account of that address.</summary>
    public sealed record Body(string Email);

    public sealed record Command(Guid OrganisationId, string Email) : ICommand<Response>;

    /// <summary>The invitation, with its token and the page link that accepts it. Shown this once.</summary>
    public sealed record Response(InvitationView Invitation, string Token, string Link);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress().OverridePropertyName("email");
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ILookupNormalizer normalizer, Outbox outbox, AuditTrail audit,
        TimeProvider time)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var (organisation, _) = await Memberships.LoadOwnedAsync(db, user, command.OrganisationId, ct);
            var email = command.Email.Trim();
            var normalised = normalizer.NormalizeEmail(email);
            var now = time.GetUtcNow();
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalised && u.OrganisationId == organisation.Id, ct))
                throw ProblemException.Duplicate("The address already belongs to a member of the organisation.");
            if (await db.OrganisationInvitations.AnyAsync(i => i.OrganisationId == organisation.Id && i.NormalizedEmail == normalised
                    && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct))
                throw ProblemException.Duplicate("A pending invitation to this address exists already; withdraw it first to send another.");
            var (token, hash) = SecretTokens.Create();
            var invitation = new OrganisationInvitation
            {
                Id = Guid.NewGuid(), OrganisationId = organisation.Id, Email = email, NormalizedEmail = normalised, TokenHash = hash,
                InvitedBy = user.RequireId(), CreatedAt = now, ExpiresAt = now + InvitationTokens.Lifetime,
            };
            db.OrganisationInvitations.Add(invitation);
            var inviter = await db.Users.Where(u => u.Id == invitation.InvitedBy).Select(u => u.DisplayName).FirstAsync(ct);
            outbox.Write(new MailRecipient(email, outbox.RequestLanguage()), MailEvents.Invitation, invitation.Id,
                new InvitationMail(inviter, organisation.Name, outbox.Link(InvitationTokens.Link(token)), ChinaTime.Display(invitation.ExpiresAt)));
            audit.Record("organisation.member-invited", "Organisation", organisation.Id, new { invitationId = invitation.Id, email, invitation.ExpiresAt });
            return new Response(InvitationView.From(invitation, now), token, InvitationTokens.Link(token));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/invitations", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                var response = await sender.Send(new Command(id, body.Email), ct);
                return TypedResults.Created($"/api/organisations/{id}/members", response);
            })
            .WithMetadata(NoStore.Instance)
            .WithName("InviteOrganisationMember")
            .WithSummary("Invites a colleague by e-mail address; the answer carries the single-use token and link, once (owner only).")
            .WithProblems(401, 403, 404, 409);
}

/// <summary>Invitation tokens: 256 random bits, stored as their SHA-256, valid for <see cref="Lifetime"/>.</summary>
public static class InvitationTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static string Link(string token) => $"/invitations/{token}";

    public static string Status(OrganisationInvitation i, DateTimeOffset now) =>
        i.AcceptedAt is not null ? "Accepted" : i.RevokedAt is not null ? "Revoked" : now >= i.ExpiresAt ? "Expired" : "Pending";

    /// <summary>The invitation of a token, tracked, if it is still pending: 404 unknown, 409 used, expired or withdrawn.</summary>
    public static async Task<OrganisationInvitation> LoadPendingAsync(AppDbContext db, string token, DateTimeOffset now, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(token);
        var invitation = await db.OrganisationInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct)
            ?? throw ProblemException.NotFound("The invitation");
        return Status(invitation, now) switch
        {
            "Accepted" => throw ProblemException.InvitationUsed(),
            "Pending" => invitation,
            _ => throw ProblemException.InvitationExpired(),
        };
    }
}
