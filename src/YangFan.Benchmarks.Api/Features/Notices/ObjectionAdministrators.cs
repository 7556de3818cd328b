using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// Tells administrators that a confirmed objection arrived, in the same transaction as the confirmation. Only a
/// confirmed one: an unconfirmed objection may never be confirmed, and telling of it would let anyone fill the
/// administrators' inboxes. Today this leaves a notification for the Admin role; the notifier's "objection received"
/// e-mail to each administrator is called from here too.
/// </summary>
public sealed class ObjectionAdministrators(AppDbContext db, TimeProvider time)
{
    public const string Message = "An objection to a notice entry was received and confirmed by its e-mail address.";

    public Task TellAsync(Objection objection, CancellationToken ct)
    {
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(), RecipientRole = Roles.Admin, ApplicationId = objection.ApplicationId, Message = Message, CreatedAt = time.GetUtcNow(),
        });
        return db.SaveChangesAsync(ct);
    }
}
