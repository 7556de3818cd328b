using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// Tells administrators that a confirmed objection arrived, in the same transaction as the confirmation. Only a
/// confirmed one: an unconfirmed objection may never be confirmed, and telling of it would let anyone fill the
/// administrators' inboxes. The notifier leaves the notification for the Admin role and e-mails each administrator
/// who has not turned "objection received" off.
/// </summary>
public sealed class ObjectionAdministrators(AppDbContext db, Api.Mail.Notifier notifier)
{
    public const string Message = Api.Mail.Notifier.ObjectionReceivedMessage;

    public async Task TellAsync(Objection objection, CancellationToken ct)
    {
        await notifier.ObjectionConfirmedAsync(objection, ct);
        await db.SaveChangesAsync(ct);
    }
}
