using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>
/// Every call for administrators, a page at a time: filtered by programme and by lifecycle state, sorted on the
/// server, each with its state's titles and how many applications it holds.
/// </summary>
public static class ListCallOverview
{
    /// <summary>The orders a list may take: newest first (year, batch), by closing date, by programme.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["newest", "closes", "programme"];

    public sealed record Query(string? Programme, string? Status, string Sort = "newest", int Page = 1, int PageSize = 20) : IQuery<View>;

    /// <summary>A call in the list; <paramref name="Status"/> is the lifecycle state, titled for people by the other two.</summary>
    public sealed record CallRow(Guid Id, string ProgrammeKey, int Year, int Batch, string TitleZh, string TitleEn,
        DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status, string StatusZh, string StatusEn, int Applications);

    /// <summary>A lifecycle state a call may be filtered by.</summary>
    public sealed record StatusOption(string Status, string TitleZh, string TitleEn);

    /// <param name="Calls">The page of calls.</param>
    /// <param name="Statuses">The lifecycle states of the versions calls run on, in the lifecycle's order.</param>
    public sealed record View(Page<CallRow> Calls, IReadOnlyList<StatusOption> Statuses);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Sort).Must(Sorts.Contains);
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows) : IQueryHandler<Query, View>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken ct)
        {
            var lifecycles = new List<YangFan.Benchmarks.Workflows.CompiledWorkflow>();
            foreach (var version in await db.Calls.AsNoTracking().Select(c => c.LifecycleVersion).Distinct().OrderByDescending(v => v).ToListAsync(ct))
                lifecycles.Add(await workflows.CompiledAsync(CallLifecycle.WorkflowKey, version, ct));
            var statuses = lifecycles.SelectMany(l => l.Definition.States)
                .DistinctBy(s => s.Name)
                .Select(s => new StatusOption(s.Name, s.Title?.Zh ?? s.Name, s.Title?.En ?? s.Name))
                .ToList();

            var calls = db.Calls.AsNoTracking();
            if (!string.IsNullOrEmpty(query.Programme))
                calls = calls.Where(c => c.ProgrammeKey == query.Programme);
            if (!string.IsNullOrEmpty(query.Status))
                calls = calls.Where(c => c.Status == query.Status);
            var total = await calls.CountAsync(ct);
            calls = query.Sort switch
            {
                "closes" => calls.OrderBy(c => c.ClosesAt).ThenBy(c => c.Id),
                "programme" => calls.OrderBy(c => c.ProgrammeKey).ThenByDescending(c => c.Year).ThenByDescending(c => c.Batch).ThenBy(c => c.Id),
                _ => calls.OrderByDescending(c => c.Year).ThenByDescending(c => c.Batch).ThenBy(c => c.ProgrammeKey).ThenBy(c => c.Id),
            };
            var rows = await calls.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Select(c => new
                {
                    c.Id, c.ProgrammeKey, c.Year, c.Batch, c.TitleZh, c.TitleEn, c.OpensAt, c.ClosesAt, c.Status, c.LifecycleVersion,
                    Applications = db.Applications.Count(a => a.CallId == c.Id),
                })
                .ToListAsync(ct);
            var items = rows.Select(r =>
            {
                var state = lifecycles.First(l => l.Version == r.LifecycleVersion).Definition.States.FirstOrDefault(s => s.Name == r.Status);
                return new CallRow(r.Id, r.ProgrammeKey, r.Year, r.Batch, r.TitleZh, r.TitleEn, r.OpensAt, r.ClosesAt, r.Status,
                    state?.Title?.Zh ?? r.Status, state?.Title?.En ?? r.Status, r.Applications);
            }).ToList();
            return new View(new Page<CallRow>(items, query.Page, query.PageSize, total), statuses);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/overview", async (ISender sender, CancellationToken ct, string? programme = null, string? status = null,
                string sort = "newest", int page = 1, int pageSize = 20) =>
                TypedResults.Ok(await sender.Send(new Query(programme, status, sort, page, pageSize), ct)))
            .WithName("ListCallOverview")
            .WithSummary("Every call a page at a time, filtered by programme and lifecycle state, with application counts (admin only).")
            .WithProblems(400, 401, 403);
}
