using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// An objection's receipt as its confirmation page shows it to whoever holds its address (the objection's id, which
/// only the objector's form and e-mail carry): the receipt, the entry, and the address the code went to, half hidden.
/// Never the objection's content or handling.
/// </summary>
public static class GetObjectionReceipt
{
    public sealed record Query(Guid NoticeId, Guid ObjectionId) : IQuery<View>;

    public sealed record View(SubmitObjection.Receipt Receipt, Guid ApplicationId, string MaskedEmail, bool CodeStillWorks);

    public sealed class Handler(AppDbContext db, NoticeOptions options, TimeProvider time) : IQueryHandler<Query, View>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken ct)
        {
            var o = await db.Objections.AsNoTracking().FirstOrDefaultAsync(o => o.Id == query.ObjectionId && o.NoticeId == query.NoticeId, ct)
                ?? throw ProblemException.NotFound("The objection");
            var works = o.Status == ObjectionStatus.Unconfirmed && o.ConfirmationExpiresAt > time.GetUtcNow()
                && o.ConfirmationAttempts < options.MaxConfirmationAttempts;
            return new View(SubmitObjection.Receipt.Of(o), o.ApplicationId, Mask(o.Email), works);
        }
    }

    /// <summary><c>zhang.san@example.cn</c> as <c>z***@example.cn</c>: enough to recognise, not enough to harvest.</summary>
    public static string Mask(string? email)
    {
        var at = email?.IndexOf('@') ?? -1;
        return at > 0 ? email![0] + "***" + email[at..] : "";
    }
}
