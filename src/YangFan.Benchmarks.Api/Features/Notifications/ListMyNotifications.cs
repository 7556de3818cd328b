using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Workflows;

namespace YangFan.Benchmarks.Api.Features.Notifications;

/// <summary>
/// The notifications the workflow's <c>notify</c> effect left for the caller: those addressed to them, and those
/// addressed to their role about an application they may see (an applicant's own organisation, a recommender's
/// jurisdiction once submitted, an expert's current assignments; administrators see every one for their role).
/// </summary>
public static class ListMyNotifications
{
    public sealed record Query(DateTimeOffset? Before, int Limit) : IQuery<IReadOnlyList<NotificationView>>;

    /// <summary>A notification: the message, the application it is about and its title, and when it was left.</summary>
    public sealed record NotificationView(Guid Id, Guid? ApplicationId, string? ApplicationTitle, string Message, DateTimeOffset CreatedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Limit).InclusiveBetween(1, 200);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<NotificationView>>
    {
        public async ValueTask<IReadOnlyList<NotificationView>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var role = user.Role;
            var rows =
                from n in db.Notifications.AsNoTracking()
                join a in db.Applications.AsNoTracking() on n.ApplicationId equals a.Id into about
                from a in about.DefaultIfEmpty()
                select new { n, a };
            var toRole = rows.Where(r => r.n.RecipientRole == role && r.a != null);
            switch (role)
            {
                case Roles.Admin:
                    break;
                case Roles.Applicant:
                    var organisationId = await db.Users.Where(u => u.Id == me).Select(u => u.OrganisationId).FirstAsync(ct);
                    toRole = toRole.Where(r => r.a!.OrganisationId == organisationId);
                    break;
                case Roles.Recommender:
                    var covered = await Jurisdiction.CoveredOrganisationsAsync(db, me, ct);
                    toRole = toRole.Where(r => r.a!.SubmittedAt != null && covered.Contains(r.a.OrganisationId));
                    break;
                case Roles.Expert:
                    toRole = toRole.Where(r => db.Assignments.Any(s => s.ApplicationId == r.a!.Id && s.ExpertId == me
                        && s.Round == r.a.ReviewRound && AssignmentStatus.Holding.Contains(s.Status)));
                    break;
                default:
                    toRole = toRole.Where(_ => false);
                    break;
            }
            var mine = rows.Where(r => r.n.RecipientUserId == me).Union(toRole);
            if (query.Before is { } before)
                mine = mine.Where(r => r.n.CreatedAt < before);
            var page = await mine.OrderByDescending(r => r.n.CreatedAt).ThenBy(r => r.n.Id).Take(query.Limit)
                .Select(r => new NotificationView(r.n.Id, r.n.ApplicationId, r.a == null ? null : r.a.Title, r.n.Message, r.n.CreatedAt))
                .ToListAsync(ct);
            return page;
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/me/notifications", async (ISender sender, CancellationToken ct, DateTimeOffset? before = null, int limit = 50) =>
                TypedResults.Ok(await sender.Send(new Query(before, limit), ct)))
            .RequireAuthorization()
            .WithTags("Notifications")
            .WithName("ListMyNotifications")
            .WithSummary("The caller's notifications, newest first: addressed to them, or to their role about an application they may see.")
            .WithProblems(400, 401);
}
