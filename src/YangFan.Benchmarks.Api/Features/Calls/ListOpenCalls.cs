using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>
/// The calls taking applications now, as the public sees them, whoever asks: the public home page lists them, and an
/// administrator signed in on the pages must not see a draft there (<see cref="ListCalls"/> shows administrators all).
/// </summary>
public static class ListOpenCalls
{
    public sealed record Query : IQuery<IReadOnlyList<CallView>>;

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows, TimeProvider time) : IQueryHandler<Query, IReadOnlyList<CallView>>
    {
        public async ValueTask<IReadOnlyList<CallView>> Handle(Query query, CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var calls = await db.Calls.AsNoTracking().Include(c => c.Sectors)
                .Where(await workflows.CallsTaggedAsync(StateTags.Listed, ct))
                .Where(await workflows.CallsTaggedAsync(StateTags.AcceptingApplications, ct))
                .Where(c => c.OpensAt <= now && now < c.ClosesAt)
                .OrderBy(c => c.ClosesAt).ThenBy(c => c.Id)
                .ToListAsync(ct);
            return calls.Select(CallView.From).ToList();
        }
    }
}
