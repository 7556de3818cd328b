using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Users;

public static class DisableUser
{
    /// <summary>Disables an account; its tokens stop working at the next request.</summary>
    /// <param name="Id">The user.</param>
    /// <param name="Reason">Why, for the audit trail.</param>
    /// <param name="ExpectedVersion">From <c>If-Match</c>: refuse if the user changed since it was read.</param>
    public sealed record Command(Guid Id, string? Reason, int? ExpectedVersion) : ICommand<UserView>;

    /// <summary>Optional reason for the audit trail.</summary>
    public sealed record Body(string? Reason);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).MaximumLength(500);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser current, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, UserView>
    {
        public async ValueTask<UserView> Handle(Command command, CancellationToken ct)
        {
            var user = await UserChanges.ReadAsync(db, command.Id, command.ExpectedVersion, ct);
            if (user.Id == current.Id)
                throw ProblemException.Conflict("Administrators cannot disable their own account.");

            if (!user.IsDisabled)
            {
                user.IsDisabled = true;
                var now = time.GetUtcNow();
                await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, "account-disabled"), ct);
                audit.Record("user.disabled", "User", user.Id, new { command.Reason });
                await db.SaveChangesAsync(ct);
            }
            var organisation = user.OrganisationId is { } orgId ? await db.Organisations.FindAsync([orgId], ct) : null;
            return UserViews.From(user, organisation);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/disable", async (Guid id, Body? body, HttpRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var user = await sender.Send(new Command(id, body?.Reason, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{user.Version}\"";
                return TypedResults.Ok(user);
            })
            .WithName("DisableUser")
            .WithSummary("Disables an account (admin only). Send If-Match with the user's ETag to avoid acting on stale data.")
            .WithProblems(401, 403, 404, 409, 412);
}
