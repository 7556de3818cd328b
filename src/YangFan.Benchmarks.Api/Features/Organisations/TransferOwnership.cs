using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>The owner hands ownership to another member and stays on as a member. An organisation has one owner at a time.</summary>
public static class TransferOwnership
{
    /// <summary>The member who becomes the owner.</summary>
    public sealed record Body(Guid UserId);

    public sealed record Command(Guid OrganisationId, Guid UserId) : ICommand;

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var (organisation, mine) = await Memberships.LoadOwnedAsync(db, user, command.OrganisationId, ct);
            await db.LockAsync(organisation, ct);
            if (command.UserId == mine.UserId)
                throw ProblemException.Conflict("You are the owner already.");
            var next = await db.OrganisationMemberships
                .FirstOrDefaultAsync(m => m.OrganisationId == organisation.Id && m.UserId == command.UserId && m.EndedAt == null, ct)
                ?? throw ProblemException.NotFound("The member");
            mine.Role = MembershipRole.Member;
            // The former owner's row first: one owner at a time is a unique index, checked statement by statement.
            await db.SaveChangesAsync(ct);
            next.Role = MembershipRole.Owner;
            audit.Record("organisation.ownership-transferred", "Organisation", organisation.Id, new { from = mine.UserId, to = next.UserId });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}/owner", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, body.UserId), ct);
                return TypedResults.NoContent();
            })
            .WithName("TransferOrganisationOwnership")
            .WithSummary("Makes another member the owner; the former owner stays a member (owner only).")
            .WithProblems(401, 403, 404, 409);
}
