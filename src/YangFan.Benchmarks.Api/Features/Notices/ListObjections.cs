using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class ListObjections
{
    public sealed record Query(Guid? NoticeId, string? Status) : IQuery<IReadOnlyList<ObjectionView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ObjectionView>>
    {
        public async ValueTask<IReadOnlyList<ObjectionView>> Handle(Query query, CancellationToken ct)
        {
            // An unconfirmed objection is not yet one: it may never be confirmed, and it holds nothing.
            var objections = db.Objections.AsNoTracking().Where(o => o.Status != ObjectionStatus.Unconfirmed);
            if (query.NoticeId is { } notice) objections = objections.Where(o => o.NoticeId == notice);
            if (query.Status is { } status)
            {
                // The text must name a status exactly as stored; other text matches none (no 400 for it).
                var named = Enum.GetValues<ObjectionStatus>().Where(s => s.ToString() == status).ToArray();
                objections = objections.Where(o => named.Contains(o.Status));
            }
            var found = await objections.OrderBy(o => o.CreatedAt).Take(500).ToListAsync(ct);
            var resolvers = found.Where(o => o.ResolvedBy != null).Select(o => o.ResolvedBy!.Value).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => resolvers.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            return found.Select(o => ObjectionView.From(o, o.ResolvedBy is { } by ? names.GetValueOrDefault(by) : null)).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, Guid? noticeId = null, string? status = null) =>
                TypedResults.Ok(await sender.Send(new Query(noticeId, status), ct)))
            .WithName("ListObjections")
            .WithSummary("Confirmed objections, oldest first; unconfirmed ones (awaiting their e-mailed code) are not listed (admin only).")
            .WithProblems(401, 403);
}
