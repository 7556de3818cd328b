using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class ListApplications
{
    /// <summary>Filters; results are sorted by submission time (drafts last) and paged with a cursor.</summary>
    public sealed record Query(Guid? CallId, string? Programme, string? Sector, string? Province, string? State, string? Cursor, int Limit)
        : IQuery<CursorPage<ApplicationSummary>>;

    /// <summary>
    /// One row of the listing. The organisation's name and province are those the application was last submitted
    /// under; a draft never submitted shows the current ones (no province for a nationally registered organisation
    /// until an administrator sets it).
    /// </summary>
    public sealed record ApplicationSummary(Guid Id, Guid CallId, Guid OrganisationId, string OrganisationName, string? ProvinceCode,
        string ProgrammeKey, string? SectorCode, string Title, string State, DateTimeOffset? SubmittedAt, DateTimeOffset CreatedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 100);
            RuleFor(q => q.Cursor).Must(c => c is null || Cursor.TryParse(c, out _)).WithMessage("Not a cursor returned by this endpoint.");
            RuleFor(q => q.Province).Matches("^[0-9]{2}$").When(q => q.Province is not null);
            RuleFor(q => q.Programme).MaximumLength(64);
            RuleFor(q => q.Sector).MaximumLength(64);
            RuleFor(q => q.State).MaximumLength(64);
        }
    }

    /// <summary>Position after a row: its submission time (max for drafts, which sort last) and id.</summary>
    public static class Cursor
    {
        public static string Of(DateTimeOffset? submittedAt, Guid id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{(submittedAt ?? DateTimeOffset.MaxValue).UtcTicks}|{id}"));

        public static bool TryParse(string text, out (long Ticks, Guid Id) position)
        {
            position = default;
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('|');
                if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && Guid.TryParse(parts[1], out var id))
                {
                    position = (ticks, id);
                    return true;
                }
            }
            catch (FormatException) { }
            return false;
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime) : IQueryHandler<Query, CursorPage<ApplicationSummary>>
    {
        public async ValueTask<CursorPage<ApplicationSummary>> Handle(Query query, CancellationToken ct)
        {
            // Experts reach applications through their assignments, not through this listing.
            if (user.Role is not (Roles.Admin or Roles.Applicant or Roles.Recommender))
                return new CursorPage<ApplicationSummary>([], null);
            var rows =
                from a in await ApplicationAccess.VisibleAsync(db, user, db.Applications.AsNoTracking(), ct)
                join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                select new { a, o };

            if (query.CallId is { } callId) rows = rows.Where(r => r.a.CallId == callId);
            if (query.Programme is { } programme) rows = rows.Where(r => r.a.ProgrammeKey == programme);
            if (query.Sector is { } sector) rows = rows.Where(r => r.a.SectorCode == sector);
            if (query.Province is { } province) rows = rows.Where(r => (r.a.SubmittedProvinceCode ?? r.o.ProvinceCode) == province);
            if (query.State is { } state && StateMask.Applies(user))
            {
                // The states an applicant sees as this one, per workflow version their applications run on: the state
                // itself unless it is staged (visibleAs), and every staged state shown as it.
                var matching = new List<string>();
                foreach (var v in await rows.Select(r => new { r.a.WorkflowKey, r.a.WorkflowVersion }).Distinct().ToListAsync(ct))
                {
                    var workflow = await runtime.CompiledAsync(v.WorkflowKey, v.WorkflowVersion, ct);
                    matching.AddRange(workflow.Definition.States.Where(x => StateMask.Shown(workflow, x.Name) == state)
                        .Select(x => $"{v.WorkflowKey}/{v.WorkflowVersion}/{x.Name}"));
                }
                rows = rows.Where(r => matching.Contains(r.a.WorkflowKey + "/" + r.a.WorkflowVersion.ToString() + "/" + r.a.State));
            }
            else if (query.State is { } exact)
                rows = rows.Where(r => r.a.State == exact);

            var ordered = rows.Select(r => new
            {
                r.a, r.o,
                SortKey = r.a.SubmittedAt ?? DateTimeOffset.MaxValue,
            });
            if (query.Cursor is not null && Cursor.TryParse(query.Cursor, out var after))
            {
                var afterTime = new DateTimeOffset(after.Ticks, TimeSpan.Zero);
                ordered = ordered.Where(r => r.SortKey > afterTime || (r.SortKey == afterTime && r.a.Id.CompareTo(after.Id) > 0));
            }
            var page = await ordered.OrderBy(r => r.SortKey).ThenBy(r => r.a.Id).Take(query.Limit + 1).ToListAsync(ct);
            var hasMore = page.Count > query.Limit;
            var items = new List<ApplicationSummary>();
            foreach (var r in page.Take(query.Limit))
            {
                var shown = StateMask.Applies(user)
                    ? StateMask.Shown(await runtime.CompiledAsync(r.a.WorkflowKey, r.a.WorkflowVersion, ct), r.a.State)
                    : r.a.State;
                items.Add(new ApplicationSummary(r.a.Id, r.a.CallId, r.a.OrganisationId, r.a.SubmittedOrganisationName ?? r.o.Name,
                    r.a.SubmittedProvinceCode ?? r.o.ProvinceCode, r.a.ProgrammeKey,
                    r.a.SectorCode, r.a.Title, shown, r.a.SubmittedAt, r.a.CreatedAt));
            }
            return new CursorPage<ApplicationSummary>(items, hasMore ? Cursor.Of(items[^1].SubmittedAt, items[^1].Id) : null);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, Guid? callId = null, string? programme = null, string? sector = null,
                string? province = null, string? state = null, string? cursor = null, int limit = 50) =>
                TypedResults.Ok(await sender.Send(new Query(callId, programme, sector, province, state, cursor, limit), ct)))
            .WithName("ListApplications")
            .WithSummary("Applications the caller may see, by submission time, at most 100 a page.")
            .WithProblems(401);
}
