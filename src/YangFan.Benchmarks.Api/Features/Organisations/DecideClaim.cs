using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// An administrator resolves a pending claim, with a reason, audited. Transferring makes the claimant the owner; every
/// member until then leaves (the memberships stay, ended, and their sessions end at once), pending invitations are
/// withdrawn, and the organisation counts as verified, its documents being the claim's, which the administrator
/// checked. Refusing changes nothing but the claim. Nothing is deleted.
/// </summary>
public static class DecideClaim
{
    /// <summary>Why the claim is granted (e.g. the licence and letter were checked) or refused.</summary>
    public sealed record Body(string Reason);

    public sealed record Command(Guid ClaimId, bool Transfer, string Reason) : ICommand<ClaimView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("reason");
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command, ClaimView>
    {
        public async ValueTask<ClaimView> Handle(Command command, CancellationToken ct)
        {
            var claim = await db.OrganisationClaims.FirstOrDefaultAsync(c => c.Id == command.ClaimId, ct) ?? throw ProblemException.NotFound("The claim");
            var organisation = await db.Organisations.FirstAsync(o => o.Id == claim.OrganisationId, ct);
            await db.LockAsync(organisation, ct);
            if (claim.Status != ClaimStatus.Pending)
                throw ProblemException.ClaimDecided(claim.Status);
            var claimant = await db.Users.FirstAsync(u => u.Id == claim.ClaimantId, ct);
            var documents = await db.OrganisationDocuments.AsNoTracking().Where(d => d.ClaimId == claim.Id).ToListAsync(ct);
            var admin = user.RequireId();
            var now = time.GetUtcNow();
            var reason = command.Reason.Trim();
            claim.Status = command.Transfer ? ClaimStatus.Transferred : ClaimStatus.Refused;
            claim.DecidedBy = admin;
            claim.DecidedAt = now;
            claim.DecisionReason = reason;
            if (!command.Transfer)
            {
                audit.Record("organisation.claim-refused", "Organisation", organisation.Id, new { claimId = claim.Id, claimant = claimant.Id, reason });
                return ClaimViews.From(claim, organisation, claimant, documents);
            }

            if (claimant.OrganisationId is not null)
                throw ProblemException.AlreadyInOrganisation();
            var members = await db.OrganisationMemberships.Where(m => m.OrganisationId == organisation.Id && m.EndedAt == null).ToListAsync(ct);
            foreach (var membership in members)
                await Memberships.EndAsync(db, membership, MembershipEnd.ClaimTransferred, admin, now, ct);
            foreach (var invitation in await db.OrganisationInvitations
                         .Where(i => i.OrganisationId == organisation.Id && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct))
                invitation.RevokedAt = now;
            // The ended owner's row first: one owner at a time is a unique index, checked statement by statement.
            await db.SaveChangesAsync(ct);
            Memberships.Join(db, claimant, organisation.Id, MembershipRole.Owner, now);
            organisation.Verification = VerificationStatus.Verified;
            organisation.VerificationDecidedBy = admin;
            organisation.VerificationDecidedAt = now;
            organisation.VerificationReason = reason;
            audit.Record("organisation.claim-transferred", "Organisation", organisation.Id, new
            {
                claimId = claim.Id, claimant = claimant.Id, reason, formerMembers = members.Select(m => new { m.UserId, m.Role }),
                documents = documents.Select(d => new { d.Id, d.Kind, d.Sha256 }),
            });
            return ClaimViews.From(claim, organisation, claimant, documents);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/transfer", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, true, body.Reason), ct)))
            .WithName("TransferOrganisationOnClaim")
            .WithSummary("Grants a pending claim: the claimant becomes the owner and every former member loses access at once (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/{id:guid}/refuse", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, false, body.Reason), ct)))
            .WithName("RefuseOrganisationClaim")
            .WithSummary("Refuses a pending claim with the reason (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
    }
}
