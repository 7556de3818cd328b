using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Audit;

public static class VerifyAuditChain
{
    public sealed record Query : IQuery<Result>;

    /// <summary>Whether the chain is intact; if not, the first sequence at which it breaks.</summary>
    /// <param name="Valid">True when every event links to its predecessor and its hash matches its content.</param>
    /// <param name="Checked">How many events were examined.</param>
    /// <param name="FirstBrokenSequence">The first sequence that is missing, edited or linked to the wrong predecessor.</param>
    public sealed record Result(bool Valid, long Checked, long? FirstBrokenSequence);

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Result>
    {
        private const int BatchSize = 1000;

        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            // Seal first, so the answer covers every event committed before the request and does not depend on
            // whether the background pass has run yet.
            await AuditSealer.SealAsync(db, ct);
            long expectedSequence = 1, checkedCount = 0, after = 0;
            var previousHash = AuditEvent.GenesisHash;
            while (true)
            {
                var batch = await db.AuditEvents.AsNoTracking()
                    .Where(e => e.Sequence != null && e.Sequence > after).OrderBy(e => e.Sequence).Take(BatchSize)
                    .ToListAsync(ct);
                foreach (var e in batch)
                {
                    checkedCount++;
                    // A missing sequence means a deleted event: the chain breaks where it should have been.
                    if (e.Sequence != expectedSequence)
                        return new Result(false, checkedCount, expectedSequence);
                    if (e.PreviousHash != previousHash || e.Hash != e.ExpectedHash())
                        return new Result(false, checkedCount, e.Sequence);
                    previousHash = e.Hash!;
                    expectedSequence++;
                }
                if (batch.Count < BatchSize)
                    return new Result(true, checkedCount, null);
                after = batch[^1].Sequence!.Value;
            }
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/verify", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("VerifyAuditChain")
            .WithSummary("Recomputes the audit hash chain and reports the first broken sequence (admin only).")
            .WithProblems(401, 403);
}
