using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Audit;

public static class ListAuditEvents
{
    /// <summary>Filters over the audit chain, newest first; <c>cursor</c> continues a previous page.</summary>
    public sealed record Query(string? Action, string? EntityType, string? EntityId, Guid? ActorId,
        DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int Limit) : IQuery<CursorPage<AuditEventView>>;

    /// <summary>One audit event with its place in the hash chain.</summary>
    public sealed record AuditEventView(long Sequence, DateTimeOffset OccurredAt, Guid? ActorId, string? ActorRole,
        string Channel, string Action, string EntityType, string EntityId, string Summary, string PreviousHash, string Hash);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 200);
            RuleFor(q => q.Action).MaximumLength(100);
            RuleFor(q => q.EntityType).MaximumLength(100);
            RuleFor(q => q.EntityId).MaximumLength(100);
            RuleFor(q => q.Cursor).Must(c => c is null || long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .WithMessage("Not a cursor returned by this endpoint.");
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null);
        }
    }

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, CursorPage<AuditEventView>>
    {
        public async ValueTask<CursorPage<AuditEventView>> Handle(Query query, CancellationToken ct)
        {
            // Seal first, so the page shows every event committed before the request, each with its place in the chain.
            await AuditSealer.SealAsync(db, ct);
            var events = db.AuditEvents.AsNoTracking().Where(e => e.Sequence != null);
            if (query.Action is not null) events = events.Where(e => e.Action == query.Action);
            if (query.EntityType is not null) events = events.Where(e => e.EntityType == query.EntityType);
            if (query.EntityId is not null) events = events.Where(e => e.EntityId == query.EntityId);
            if (query.ActorId is not null) events = events.Where(e => e.ActorId == query.ActorId);
            if (query.From is { } from) events = events.Where(e => e.OccurredAt >= from);
            if (query.To is { } to) events = events.Where(e => e.OccurredAt <= to);
            if (query.Cursor is not null)
            {
                var before = long.Parse(query.Cursor, CultureInfo.InvariantCulture);
                events = events.Where(e => e.Sequence < before);
            }

            var page = await events.OrderByDescending(e => e.Sequence).Take(query.Limit + 1)
                .Select(e => new AuditEventView(e.Sequence!.Value, e.OccurredAt, e.ActorId, e.ActorRole, e.Channel, e.Action,
                    e.EntityType, e.EntityId, e.Summary, e.PreviousHash!, e.Hash!))
                .ToListAsync(ct);
            var hasMore = page.Count > query.Limit;
            var items = hasMore ? page[..query.Limit] : page;
            return new CursorPage<AuditEventView>(items,
                hasMore ? items[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, string? action = null, string? entityType = null,
                string? entityId = null, Guid? actorId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
                string? cursor = null, int limit = 50) =>
                TypedResults.Ok(await sender.Send(new Query(action, entityType, entityId, actorId, from, to, cursor, limit), ct)))
            .WithName("ListAuditEvents")
            .WithSummary("Audit events, newest first, with filters and cursor paging (admin only).")
            .WithProblems(401, 403);
}
