using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// Joining and leaving an organisation, the one place that keeps a membership and <see cref="AppUser.OrganisationId"/>
/// (which the per-request sign-in check reads) in step. Leaving ends the person's sessions: their access tokens fail
/// at the next request (their organisation claim no longer holds) and their refresh tokens are revoked.
/// </summary>
public static class Memberships
{
    public static OrganisationMembership Join(AppDbContext db, AppUser user, Guid organisationId, MembershipRole role, DateTimeOffset now,
        Guid? invitationId = null)
    {
        var membership = new OrganisationMembership
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UserId = user.Id, Role = role, JoinedAt = now, InvitationId = invitationId,
        };
        db.OrganisationMemberships.Add(membership);
        user.OrganisationId = organisationId;
        return membership;
    }

    /// <summary>Ends the membership (kept, with when, by whom and why) and every session of its member.</summary>
    public static async Task EndAsync(AppDbContext db, OrganisationMembership membership, MembershipEnd reason, Guid by, DateTimeOffset now,
        CancellationToken ct)
    {
        membership.EndedAt = now;
        membership.EndedBy = by;
        membership.EndReason = reason;
        var user = await db.Users.FirstAsync(u => u.Id == membership.UserId, ct);
        if (user.OrganisationId == membership.OrganisationId)
            user.OrganisationId = null;
        foreach (var token in await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ToListAsync(ct))
        {
            token.RevokedAt = now;
            token.RevokedReason = "membership-ended";
        }
    }

    /// <summary>The caller's membership of the organisation, if they are its owner: 404 for outsiders, 403 for other members.</summary>
    public static async Task<(Organisation Organisation, OrganisationMembership Membership)> LoadOwnedAsync(AppDbContext db, ICurrentUser user,
        Guid organisationId, CancellationToken ct)
    {
        var me = user.RequireId();
        var membership = await db.OrganisationMemberships.FirstOrDefaultAsync(m => m.OrganisationId == organisationId && m.UserId == me && m.EndedAt == null, ct)
            ?? throw ProblemException.NotFound("The organisation");
        if (membership.Role != MembershipRole.Owner)
            throw ProblemException.NotOrganisationOwner();
        return (await db.Organisations.FirstAsync(o => o.Id == organisationId, ct), membership);
    }

    /// <summary>The caller's organisation as one of its members (never an administrator): 404 for everyone else.</summary>
    public static async Task<Organisation> LoadAsMemberAsync(AppDbContext db, ICurrentUser user, Guid organisationId, CancellationToken ct)
    {
        var me = user.RequireId();
        var member = await db.OrganisationMemberships.AnyAsync(m => m.OrganisationId == organisationId && m.UserId == me && m.EndedAt == null, ct);
        return member ? await db.Organisations.FirstAsync(o => o.Id == organisationId, ct) : throw ProblemException.NotFound("The organisation");
    }
}
