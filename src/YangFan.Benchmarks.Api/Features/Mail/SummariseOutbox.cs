using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Features.Mail;

public static class SummariseOutbox
{
    public sealed record Query : IQuery<Summary>;

    /// <summary>How many e-mails have each status, and since when the oldest pending one waits.</summary>
    /// <param name="Pending">Waiting to be sent, tried or not.</param>
    /// <param name="Sent">Accepted by the mail server (or written as files).</param>
    /// <param name="Failed">Given up after the last attempt.</param>
    /// <param name="OldestPendingSince">When the oldest pending e-mail was written; null when none is pending.</param>
    /// <param name="OldestPendingSeconds">How long it has waited, by the API's clock.</param>
    public sealed record Summary(int Pending, int Sent, int Failed, DateTimeOffset? OldestPendingSince, long? OldestPendingSeconds);

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, Summary>
    {
        public async ValueTask<Summary> Handle(Query query, CancellationToken ct)
        {
            var counts = await db.OutgoingEmails.GroupBy(e => e.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
            var oldest = await db.OutgoingEmails.Where(e => e.Status == OutgoingEmailStatus.Pending).OrderBy(e => e.CreatedAt)
                .Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(ct);
            int Count(OutgoingEmailStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
            return new Summary(Count(OutgoingEmailStatus.Pending), Count(OutgoingEmailStatus.Sent), Count(OutgoingEmailStatus.Failed),
                oldest, oldest is { } since ? (long)Math.Max(0, (time.GetUtcNow() - since).TotalSeconds) : null);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/summary", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("SummariseOutbox")
            .WithSummary("Counts of outgoing e-mails by status and the age of the oldest pending one (admin only).")
            .WithProblems(401, 403);
}
