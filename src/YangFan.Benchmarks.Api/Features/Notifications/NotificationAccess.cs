using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;

namespace YangFan.Benchmarks.Api.Features.Notifications;

/// <summary>Which notifications a user may read: one rule for listing them and for marking one read.</summary>
public static class NotificationAccess
{
    public static async Task<IQueryable<Notification>> VisibleAsync(AppDbContext db, ICurrentUser user, CancellationToken ct)
    {
        var me = user.RequireId();
        var role = user.Role;
        // The applications whose notifications for the caller's role the caller may read: those they may see.
        var applications = await ApplicationAccess.VisibleAsync(db, user, db.Applications.AsNoTracking(), ct);
        return db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == me
            || (n.RecipientRole == role && applications.Any(a => a.Id == n.ApplicationId)));
    }
}
