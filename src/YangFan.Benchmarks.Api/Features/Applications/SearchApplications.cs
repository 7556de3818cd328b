using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// Applications across calls as administrators look one up: by call, by state tag, and by part of the organisation's
/// name, its unified social credit code or the project title; paged and sorted on the server, each with its state's
/// title from the workflow version it runs on.
/// </summary>
public static class SearchApplications
{
    /// <summary>Sort orders: newest submission first (the default), oldest first (drafts never submitted last in both), by title, by organisation.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["-submitted", "submitted", "title", "organisation"];

    /// <param name="CallId">Only this call's applications; all calls when null.</param>
    /// <param name="StateTag">Only applications in a state carrying this tag (e.g. <c>collects-reviews</c>); all when null.</param>
    /// <param name="Search">Part of the organisation's name (as submitted, or its current one), its credit code, or the project title.</param>
    /// <param name="Sort">One of <see cref="Sorts"/>; <c>-submitted</c> when null.</param>
    /// <param name="PageNumber">From 1.</param>
    /// <param name="PageSize">1 to 100.</param>
    public sealed record Query(Guid? CallId, string? StateTag, string? Search, string? Sort, int PageNumber, int PageSize)
        : IQuery<Page<Item>>;

    /// <summary>One application found.</summary>
    public sealed record Item(Guid Id, Guid CallId, string CallTitleZh, string CallTitleEn, string Title, Guid OrganisationId,
        string OrganisationName, string CreditCode, string StateTitleZh, string StateTitleEn, DateTimeOffset? SubmittedAt, int Version);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Search).MaximumLength(100);
            RuleFor(q => q.StateTag).Must(t => t is null || StateTags.ForApplications.Any(d => d.Name == t))
                .WithMessage("One of " + string.Join(", ", StateTags.ForApplications.Select(d => d.Name)) + ".");
            RuleFor(q => q.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage("One of " + string.Join(", ", Sorts) + ".");
            RuleFor(q => q.PageNumber).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows) : IQueryHandler<Query, Page<Item>>
    {
        public async ValueTask<Page<Item>> Handle(Query query, CancellationToken ct)
        {
            var applications = db.Applications.AsNoTracking();
            if (query.CallId is { } callId)
                applications = applications.Where(a => a.CallId == callId);
            if (query.StateTag is { } tag)
                applications = applications.Where(await workflows.ApplicationsTaggedAsync(tag, ct));
            var rows =
                from a in applications
                join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                join c in db.Calls.AsNoTracking() on a.CallId equals c.Id
                select new
                {
                    a.Id, a.CallId, c.TitleZh, c.TitleEn, a.Title, a.OrganisationId, OrganisationName = a.SubmittedOrganisationName ?? o.Name,
                    CurrentName = o.Name, o.CreditCode, a.WorkflowKey, a.WorkflowVersion, a.State, a.SubmittedAt, a.Version,
                };
            if (query.Search?.Trim() is { Length: > 0 } search)
            {
                var code = search.ToUpperInvariant();
                rows = rows.Where(r => r.OrganisationName.Contains(search) || r.CurrentName.Contains(search) || r.CreditCode.Contains(code)
                    || r.Title.Contains(search));
            }
            var total = await rows.CountAsync(ct);
            var sorted = query.Sort switch
            {
                "submitted" => rows.OrderBy(r => r.SubmittedAt == null).ThenBy(r => r.SubmittedAt).ThenBy(r => r.Id),
                "title" => rows.OrderBy(r => r.Title).ThenBy(r => r.Id),
                "organisation" => rows.OrderBy(r => r.OrganisationName).ThenBy(r => r.Id),
                // Drafts never submitted come last either way (PostgreSQL would put them first when descending).
                _ => rows.OrderBy(r => r.SubmittedAt == null).ThenByDescending(r => r.SubmittedAt).ThenBy(r => r.Id),
            };
            var page = await sorted.Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);

            var items = new List<Item>(page.Count);
            foreach (var r in page)
            {
                var state = (await workflows.CompiledAsync(r.WorkflowKey, r.WorkflowVersion, ct)).Definition.States.FirstOrDefault(s => s.Name == r.State);
                items.Add(new Item(r.Id, r.CallId, r.TitleZh, r.TitleEn, r.Title, r.OrganisationId, r.OrganisationName, r.CreditCode,
                    state?.Title?.Zh ?? r.State, state?.Title?.En ?? r.State, r.SubmittedAt, r.Version));
            }
            return new Page<Item>(items, query.PageNumber, query.PageSize, total);
        }
    }

    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/search", async (Guid? callId, string? stateTag, string? q, string? sort, int? page, int? pageSize, ISender sender,
                CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(callId, stateTag, q, sort, page ?? 1, pageSize ?? 20), ct)))
            .WithName("SearchApplications")
            .WithSummary("Applications across calls by call, state tag, and part of the organisation's name, credit code or project title; "
                + "paged and sorted (administrators only).")
            .WithProblems(400, 401, 403);
}
