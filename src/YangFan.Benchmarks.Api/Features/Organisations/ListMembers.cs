using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// The organisation's members (its owner first) for its members and administrators; its pending invitations for
/// its owner and administrators; and, for administrators, former members with when and why they left.
/// </summary>
public static class ListMembers
{
    /// <summary>A member: <c>role</c> Owner or Member; for a former member, <c>endReason</c> Removed or ClaimTransferred.</summary>
    public sealed record MemberView(Guid UserId, string DisplayName, string Email, string Role, DateTimeOffset JoinedAt, DateTimeOffset? EndedAt,
        string? EndReason);

    public sealed record MembersView(IReadOnlyList<MemberView> Members, IReadOnlyList<InvitationView> PendingInvitations,
        IReadOnlyList<MemberView> FormerMembers);

    public sealed record Query(Guid OrganisationId) : IQuery<MembersView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider time) : IQueryHandler<Query, MembersView>
    {
        public async ValueTask<MembersView> Handle(Query query, CancellationToken ct)
        {
            var organisation = await OrganisationEndpoints.LoadVisibleAsync(db, user, query.OrganisationId, ct);
            var me = user.RequireId();
            var admin = user.Role == Roles.Admin;
            var rows = await (from m in db.OrganisationMemberships.AsNoTracking()
                              join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                              where m.OrganisationId == organisation.Id && (admin || m.EndedAt == null)
                              orderby m.JoinedAt, m.Id
                              select new { m, u.DisplayName, u.Email }).ToListAsync(ct);
            var views = rows.Select(r => new MemberView(r.m.UserId, r.DisplayName, r.Email ?? "", r.m.Role.ToString(), r.m.JoinedAt, r.m.EndedAt,
                r.m.EndReason?.ToString())).ToList();
            var owner = admin || rows.Any(r => r.m.UserId == me && r.m.EndedAt == null && r.m.Role == MembershipRole.Owner);
            var now = time.GetUtcNow();
            var invitations = owner
                ? (await db.OrganisationInvitations.AsNoTracking()
                    .Where(i => i.OrganisationId == organisation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                    .OrderBy(i => i.CreatedAt).ToListAsync(ct)).Select(i => InvitationView.From(i, now)).ToList()
                : [];
            return new MembersView(
                views.Where(v => v.EndedAt is null).OrderBy(v => v.Role != nameof(MembershipRole.Owner)).ToList(),
                invitations,
                views.Where(v => v.EndedAt is not null).ToList());
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/members", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListOrganisationMembers")
            .WithSummary("Members (owner first); pending invitations for the owner and administrators; former members for administrators.")
            .WithProblems(401, 404);
}
