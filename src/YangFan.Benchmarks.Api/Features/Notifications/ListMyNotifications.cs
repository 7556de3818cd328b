using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notifications;

/// <summary>
/// The notifications the workflow's <c>notify</c> effect left for the caller: those addressed to them, and those
/// addressed to their role about an application they may see (an applicant's own organisation, a recommender's
/// jurisdiction once submitted, an expert's current assignments; administrators see every one for their role).
/// </summary>
public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        ListMyNotifications.Map(app);
        MarkNotificationRead.Map(app);
        GetMailPreferences.Map(app);
        SetMailPreferences.Map(app);
    }
}

public static class ListMyNotifications
{
    public sealed record Query(DateTimeOffset? Before, int Limit, bool Unread) : IQuery<IReadOnlyList<NotificationView>>;

    /// <summary>A notification: the message, the application it is about and its title, when it was left, and whether the caller has read it.</summary>
    public sealed record NotificationView(Guid Id, Guid? ApplicationId, string? ApplicationTitle, string Message, DateTimeOffset CreatedAt, bool Read);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Limit).InclusiveBetween(1, 200);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<NotificationView>>
    {
        public async ValueTask<IReadOnlyList<NotificationView>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var mine = await NotificationAccess.VisibleAsync(db, user, ct);
            if (query.Before is { } before)
                mine = mine.Where(n => n.CreatedAt < before);
            var read = db.NotificationReads.Where(r => r.UserId == me);
            if (query.Unread)
                mine = mine.Where(n => !read.Any(r => r.NotificationId == n.Id));
            return await (from n in mine
                          join a in db.Applications.AsNoTracking() on n.ApplicationId equals a.Id into about
                          from a in about.DefaultIfEmpty()
                          orderby n.CreatedAt descending, n.Id
                          select new NotificationView(n.Id, n.ApplicationId, a == null ? null : a.Title, n.Message, n.CreatedAt,
                              read.Any(r => r.NotificationId == n.Id)))
                .Take(query.Limit).ToListAsync(ct);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/me/notifications", async (ISender sender, CancellationToken ct, DateTimeOffset? before = null, int limit = 50,
                bool unread = false) =>
                TypedResults.Ok(await sender.Send(new Query(before, limit, unread), ct)))
            .RequireAuthorization()
            .WithTags("Notifications")
            .WithName("ListMyNotifications")
            .WithSummary("The caller's notifications, newest first: addressed to them, or to their role about an application they may see.")
            .WithProblems(400, 401);
}
