using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Users;

public static class EnableUser
{
    /// <summary>Enables a disabled account again; the person signs in anew (their old tokens stay revoked).</summary>
    /// <param name="Id">The user.</param>
    /// <param name="ExpectedVersion">From <c>If-Match</c>: refuse if the user changed since it was read.</param>
    public sealed record Command(Guid Id, int? ExpectedVersion) : ICommand<UserView>;

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, UserView>
    {
        public async ValueTask<UserView> Handle(Command command, CancellationToken ct)
        {
            var user = await UserChanges.ReadAsync(db, command.Id, command.ExpectedVersion, ct);

            if (user.IsDisabled)
            {
                user.IsDisabled = false;
                audit.Record("user.enabled", "User", user.Id, new { });
                await db.SaveChangesAsync(ct);
            }
            var organisation = user.OrganisationId is { } orgId ? await db.Organisations.FindAsync([orgId], ct) : null;
            return UserViews.From(user, organisation);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/enable", async (Guid id, HttpRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var user = await sender.Send(new Command(id, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{user.Version}\"";
                return TypedResults.Ok(user);
            })
            .WithName("EnableUser")
            .WithSummary("Enables a disabled account again (admin only). Send If-Match with the user's ETag to avoid acting on stale data.")
            .WithProblems(401, 403, 404, 412);
}
