using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Features.Mail;

public static class ListOutbox
{
    /// <summary>Outgoing e-mails, newest first.</summary>
    /// <param name="Status">Only those with this status.</param>
    /// <param name="Event">Only those of this event (e.g. <c>auth.password-reset.requested</c>).</param>
    /// <param name="Recipient">Only those whose address contains this text (any case).</param>
    /// <param name="PageNumber">From 1.</param>
    /// <param name="PageSize">From 1 to 200.</param>
    public sealed record Query(OutgoingEmailStatus? Status, string? Event, string? Recipient, int PageNumber, int PageSize)
        : IQuery<Page<OutgoingEmailView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.PageNumber).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
            RuleFor(q => q.Event).MaximumLength(64);
            RuleFor(q => q.Recipient).MaximumLength(256);
        }
    }

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Page<OutgoingEmailView>>
    {
        public async ValueTask<Page<OutgoingEmailView>> Handle(Query query, CancellationToken ct)
        {
            var emails = db.OutgoingEmails.AsNoTracking();
            if (query.Status is { } status) emails = emails.Where(e => e.Status == status);
            if (!string.IsNullOrWhiteSpace(query.Event)) emails = emails.Where(e => e.Event == query.Event.Trim());
            if (!string.IsNullOrWhiteSpace(query.Recipient))
            {
                var part = query.Recipient.Trim().ToLowerInvariant();
                emails = emails.Where(e => e.Recipient.ToLower().Contains(part));
            }
            var total = await emails.CountAsync(ct);
            var items = await emails.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
                .Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize)
                .Select(OutgoingEmailView.FromRow)
                .ToListAsync(ct);
            return new Page<OutgoingEmailView>(items, query.PageNumber, query.PageSize, total);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, OutgoingEmailStatus? status = null, string? @event = null,
                string? recipient = null, int page = 1, int pageSize = 50) =>
                TypedResults.Ok(await sender.Send(new Query(status, @event, recipient, page, pageSize), ct)))
            .WithName("ListOutbox")
            .WithSummary("Outgoing e-mails, newest first, filtered by status, event and recipient, without their bodies (admin only).")
            .WithProblems(400, 401, 403);
}
