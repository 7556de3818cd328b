using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Recommendations;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>
/// The call's applications awaiting the formal check (形式审查): those in a state tagged <c>awaiting-formal-check</c>,
/// with the recommending authority's opinion and the transitions an administrator may fire on each (accept, return
/// for revision, mark ineligible in the shipped workflows), as the workflow titles them.
/// </summary>
public static class ListFormalCheckQueue
{
    /// <summary>Sort orders of the queue.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["submitted", "-submitted", "title", "organisation"];

    /// <param name="CallId">The call.</param>
    /// <param name="Search">Part of the project title or the organisation's name; all when null.</param>
    /// <param name="Sort"><c>submitted</c> (oldest first, the default), <c>-submitted</c>, <c>title</c> or <c>organisation</c>.</param>
    /// <param name="PageNumber">From 1.</param>
    /// <param name="PageSize">1 to 100.</param>
    public sealed record Query(Guid CallId, string? Search, string? Sort, int PageNumber, int PageSize) : IQuery<Page<FormalCheckItem>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Search).MaximumLength(100);
            RuleFor(q => q.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage("One of " + string.Join(", ", Sorts) + ".");
            RuleFor(q => q.PageNumber).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows) : IQueryHandler<Query, Page<FormalCheckItem>>
    {
        public async ValueTask<Page<FormalCheckItem>> Handle(Query query, CancellationToken ct)
        {
            if (!await db.Calls.AnyAsync(c => c.Id == query.CallId, ct))
                throw ProblemException.NotFound("The call");
            var lastSteps = RecommendationDecisions.LastSteps(db);
            var rows =
                from a in db.Applications.AsNoTracking()
                    .Where(a => a.CallId == query.CallId)
                    .Where(await workflows.ApplicationsTaggedAsync(StateTags.AwaitingFormalCheck, ct))
                join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                select new
                {
                    a.Id, a.Title, OrganisationName = a.SubmittedOrganisationName ?? o.Name, a.RecommendingAuthority, a.SubmittedAt,
                    a.WorkflowKey, a.WorkflowVersion, a.State, a.Version,
                    Opinion = lastSteps.Where(h => h.ApplicationId == a.Id).Select(h => h.Comment).FirstOrDefault(),
                };
            if (query.Search is { Length: > 0 } search)
                rows = rows.Where(r => r.Title.Contains(search) || r.OrganisationName.Contains(search));
            var total = await rows.CountAsync(ct);
            var sorted = query.Sort switch
            {
                "-submitted" => rows.OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.Id),
                "title" => rows.OrderBy(r => r.Title).ThenBy(r => r.Id),
                "organisation" => rows.OrderBy(r => r.OrganisationName).ThenBy(r => r.Id),
                _ => rows.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id),
            };
            var page = await sorted.Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);

            var items = new List<FormalCheckItem>(page.Count);
            foreach (var r in page)
            {
                var workflow = await workflows.CompiledAsync(r.WorkflowKey, r.WorkflowVersion, ct);
                var actions = workflow.TransitionsFrom(r.State)
                    .Where(t => t.Roles.Contains(Roles.Admin) && !t.Auto && DedicatedTriggers.Find(t.Trigger) is null)
                    .Select(t => new FormalCheckAction(t.Trigger, t.Title?.Zh ?? t.Trigger, t.Title?.En ?? t.Trigger, t.RequiresComment))
                    .DistinctBy(a => a.Trigger).ToList();
                items.Add(new FormalCheckItem(r.Id, r.Title, r.OrganisationName, r.RecommendingAuthority, r.Opinion, r.SubmittedAt, r.Version, actions));
            }
            return new Page<FormalCheckItem>(items, query.PageNumber, query.PageSize, total);
        }
    }

    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/{id:guid}/formal-check", async (Guid id, string? q, string? sort, int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, q, sort, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListFormalCheckQueue")
            .WithSummary("The call's applications awaiting the formal check, with the recommending authority's opinion (administrators only).")
            .WithProblems(400, 401, 403, 404);
}

/// <summary>An application awaiting the formal check.</summary>
/// <param name="Id">The application.</param>
/// <param name="Title">Its project title.</param>
/// <param name="OrganisationName">The organisation's name it was submitted under.</param>
/// <param name="RecommendingAuthority">The recommending authority's key (<c>province:44</c>, <c>city:4403</c>, <c>national-body:…</c>).</param>
/// <param name="Opinion">The authority's written opinion (推荐意见).</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="Version">Its version, for If-Match when firing a transition.</param>
/// <param name="Actions">The transitions an administrator may fire on it now.</param>
public sealed record FormalCheckItem(Guid Id, string Title, string OrganisationName, string? RecommendingAuthority, string? Opinion,
    DateTimeOffset? SubmittedAt, int Version, IReadOnlyList<FormalCheckAction> Actions);

/// <summary>A transition an administrator may fire at the formal check.</summary>
/// <param name="Trigger">The trigger for <c>POST /api/applications/{id}/transitions</c>.</param>
/// <param name="TitleZh">The workflow's Chinese title of it.</param>
/// <param name="TitleEn">Its English title.</param>
/// <param name="RequiresComment">Whether a reason must go with it.</param>
public sealed record FormalCheckAction(string Trigger, string TitleZh, string TitleEn, bool RequiresComment);
