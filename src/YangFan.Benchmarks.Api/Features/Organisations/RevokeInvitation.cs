using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>The owner withdraws a pending invitation; its token stops working. The invitation stays, withdrawn.</summary>
public static class RevokeInvitation
{
    public sealed record Command(Guid OrganisationId, Guid InvitationId) : ICommand<InvitationView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command, InvitationView>
    {
        public async ValueTask<InvitationView> Handle(Command command, CancellationToken ct)
        {
            var (organisation, _) = await Memberships.LoadOwnedAsync(db, user, command.OrganisationId, ct);
            var invitation = await db.OrganisationInvitations.FirstOrDefaultAsync(i => i.Id == command.InvitationId && i.OrganisationId == organisation.Id, ct)
                ?? throw ProblemException.NotFound("The invitation");
            var now = time.GetUtcNow();
            if (invitation.AcceptedAt is not null)
                throw ProblemException.InvitationUsed();
            if (!invitation.IsPending(now))
                throw ProblemException.InvitationExpired();
            invitation.RevokedAt = now;
            audit.Record("organisation.invitation-revoked", "Organisation", organisation.Id, new { invitationId = invitation.Id, invitation.Email });
            return InvitationView.From(invitation, now);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/invitations/{invitationId:guid}/revoke", async (Guid id, Guid invitationId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, invitationId), ct)))
            .WithName("RevokeOrganisationInvitation")
            .WithSummary("Withdraws a pending invitation (owner only).")
            .WithProblems(401, 403, 404, 409);
}
