using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// The owner removes a member. The membership ends (and stays, ended); the person's sessions end at once: their
/// access tokens fail at the next request and their refresh tokens are revoked. Their account remains, without an
/// organisation; what they did stays in the applications' history under their name.
/// </summary>
public static class RemoveMember
{
    public sealed record Command(Guid OrganisationId, Guid UserId) : ICommand;

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var (organisation, mine) = await Memberships.LoadOwnedAsync(db, user, command.OrganisationId, ct);
            if (command.UserId == mine.UserId)
                throw ProblemException.Conflict("The owner cannot remove themself; transfer ownership to another member first.");
            var membership = await db.OrganisationMemberships
                .FirstOrDefaultAsync(m => m.OrganisationId == organisation.Id && m.UserId == command.UserId && m.EndedAt == null, ct)
                ?? throw ProblemException.NotFound("The member");
            await Memberships.EndAsync(db, membership, MembershipEnd.Removed, mine.UserId, time.GetUtcNow(), ct);
            audit.Record("organisation.member-removed", "Organisation", organisation.Id, new { userId = command.UserId });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/members/{userId:guid}/remove", async (Guid id, Guid userId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, userId), ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveOrganisationMember")
            .WithSummary("Removes a member, whose sessions end at once (owner only).")
            .WithProblems(401, 403, 404, 409);
}
