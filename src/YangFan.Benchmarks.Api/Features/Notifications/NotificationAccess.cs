using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Workflows;

namespace YangFan.Benchmarks.Api.Features.Notifications;

/// <summary>Which notifications a user may read: one rule for listing them and for marking one read.</summary>
public static class NotificationAccess
{
    public static async Task<IQueryable<Notification>> VisibleAsync(AppDbContext db, ICurrentUser user, CancellationToken ct)
    {
        var me = user.RequireId();
        var role = user.Role;
        // The applications whose notifications for the caller's role the caller may read.
        var applications = db.Applications.AsNoTracking();
        switch (role)
        {
            case Roles.Admin:
                break;
            case Roles.Applicant:
                var organisationId = await db.Users.Where(u => u.Id == me).Select(u => u.OrganisationId).FirstAsync(ct);
                applications = applications.Where(a => a.OrganisationId == organisationId);
                break;
            case Roles.Recommender:
                var covered = await Jurisdiction.CoveredOrganisationsAsync(db, me, ct);
                applications = applications.Where(a => a.SubmittedAt != null && covered.Contains(a.OrganisationId));
                break;
            case Roles.Expert:
                applications = applications.Where(a => db.Assignments.Any(s => s.ApplicationId == a.Id && s.ExpertId == me
                    && s.Round == a.ReviewRound && AssignmentStatus.Holding.Contains(s.Status)));
                break;
            default:
                applications = applications.Where(_ => false);
                break;
        }
        return db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == me
            || (n.RecipientRole == role && applications.Any(a => a.Id == n.ApplicationId)));
    }
}
