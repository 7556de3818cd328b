using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>A public notice as administrators list it: its call, period, entry count and how many objections are open.</summary>
public sealed record NoticeSummary(Guid Id, Guid CallId, string CallTitleZh, string CallTitleEn, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    bool Open, int EntryCount, int OpenObjections);

public static class ListNoticeSummaries
{
    /// <summary>Status: <c>open</c> (still running) or <c>closed</c> (ended); none gives both.</summary>
    public sealed record Query(Guid? CallId, string? Status, int Page, int PageSize) : IQuery<Page<NoticeSummary>>;

    public static readonly string[] Statuses = ["open", "closed"];

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || Statuses.Contains(s)).WithMessage("Must be open or closed.").OverridePropertyName("status");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).OverridePropertyName("page");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).OverridePropertyName("pageSize");
        }
    }

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, Page<NoticeSummary>>
    {
        public async ValueTask<Page<NoticeSummary>> Handle(Query query, CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var notices = db.Notices.AsNoTracking();
            if (query.CallId is { } call) notices = notices.Where(n => n.CallId == call);
            if (query.Status == "open") notices = notices.Where(n => n.EndsAt > now);
            if (query.Status == "closed") notices = notices.Where(n => n.EndsAt <= now);
            var total = await notices.CountAsync(ct);
            var rows = await (from n in notices
                              join c in db.Calls.AsNoTracking() on n.CallId equals c.Id
                              orderby n.StartsAt descending, n.Id
                              select new
                              {
                                  n.Id, n.CallId, c.TitleZh, c.TitleEn, n.StartsAt, n.EndsAt, Entries = n.Entries.Count,
                                  Open = db.Objections.Count(o => o.NoticeId == n.Id && o.Status == ObjectionStatus.Open),
                              })
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
            return new Page<NoticeSummary>(rows.Select(r => new NoticeSummary(r.Id, r.CallId, r.TitleZh, r.TitleEn, r.StartsAt, r.EndsAt,
                now < r.EndsAt, r.Entries, r.Open)).ToList(), query.Page, query.PageSize, total);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, Guid? callId = null, string? status = null, int page = 1, int pageSize = 20) =>
                TypedResults.Ok(await sender.Send(new Query(callId, status, page, pageSize), ct)))
            .WithName("ListNoticeSummaries")
            .WithSummary("Public notices, newest first, with entry and open-objection counts; filters: callId, status (open, closed) (admin only).")
            .WithProblems(400, 401, 403);
}
