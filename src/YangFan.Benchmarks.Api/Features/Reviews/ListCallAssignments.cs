using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// The call's applications in expert review (a state tagged <c>collects-reviews</c>) with their current round's
/// assignments, paged, filtered and sorted by the database; for each application on the page, the experts who could
/// be assigned to it now (active, unconflicted, not yet in its round, with room below their capacity, of an
/// organisation not already reviewing it): the choices for a reassignment.
/// </summary>
public static class ListCallAssignments
{
    /// <summary>Filters: every application, those with fewer reviewers than the workflow's minimum, those with a late review.</summary>
    public static readonly IReadOnlyList<string> Filters = ["all", "short", "late"];

    /// <summary>Sort orders: by title (the default), by organisation, fewest reviewers first.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["title", "organisation", "reviewers"];

    /// <param name="CallId">The call.</param>
    /// <param name="Filter"><c>all</c> (the default), <c>short</c> or <c>late</c>.</param>
    /// <param name="Sort"><c>title</c> (the default), <c>organisation</c> or <c>reviewers</c>.</param>
    /// <param name="PageNumber">From 1.</param>
    /// <param name="PageSize">1 to 100.</param>
    public sealed record Query(Guid CallId, string? Filter, string? Sort, int PageNumber, int PageSize) : IQuery<Page<ApplicationAssignments>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Filter).Must(f => f is null || Filters.Contains(f)).WithMessage("One of " + string.Join(", ", Filters) + ".");
            RuleFor(q => q.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage("One of " + string.Join(", ", Sorts) + ".");
            RuleFor(q => q.PageNumber).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows, ReviewFacts facts, TimeProvider time)
        : IQueryHandler<Query, Page<ApplicationAssignments>>
    {
        public async ValueTask<Page<ApplicationAssignments>> Handle(Query query, CancellationToken ct)
        {
            if (!await db.Calls.AnyAsync(c => c.Id == query.CallId, ct))
                throw ProblemException.NotFound("The call");
            var now = time.GetUtcNow();
            var inReview = db.Applications.AsNoTracking().Where(a => a.CallId == query.CallId)
                .Where(await workflows.ApplicationsTaggedAsync(StateTags.CollectsReviews, ct));
            var minimum = new Dictionary<(string, int), ReviewDefinition>();
            foreach (var v in await inReview.Select(a => new { a.WorkflowKey, a.WorkflowVersion }).Distinct().ToListAsync(ct))
                if ((await workflows.CompiledAsync(v.WorkflowKey, v.WorkflowVersion, ct)).Review() is { } review)
                    minimum[(v.WorkflowKey, v.WorkflowVersion)] = review;

            var rows = from a in inReview
                       join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                       select new
                       {
                           a.Id, a.Title, OrganisationName = a.SubmittedOrganisationName ?? o.Name, a.WorkflowKey, a.WorkflowVersion,
                           Holding = db.Assignments.Count(s => s.ApplicationId == a.Id && s.Round == a.ReviewRound
                               && (s.Status == AssignmentStatus.Assigned || s.Status == AssignmentStatus.Submitted)),
                           Late = db.Assignments.Any(s => s.ApplicationId == a.Id && s.Round == a.ReviewRound
                               && s.Status == AssignmentStatus.Assigned && (s.Late || s.DueAt < now)),
                       };
            if (query.Filter == "late")
                rows = rows.Where(r => r.Late);
            else if (query.Filter == "short")
            {
                var parts = minimum.Select(m =>
                {
                    var ((key, version), review) = (m.Key, m.Value);
                    return rows.Where(r => r.WorkflowKey == key && r.WorkflowVersion == version && r.Holding < review.MinReviewers);
                }).ToList();
                rows = parts.Count == 0 ? rows.Where(_ => false) : parts.Aggregate((x, y) => x.Concat(y));
            }
            var total = await rows.CountAsync(ct);
            var sorted = query.Sort switch
            {
                "organisation" => rows.OrderBy(r => r.OrganisationName).ThenBy(r => r.Id),
                "reviewers" => rows.OrderBy(r => r.Holding).ThenBy(r => r.Title).ThenBy(r => r.Id),
                _ => rows.OrderBy(r => r.Title).ThenBy(r => r.Id),
            };
            var page = await sorted.Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);

            var ids = page.Select(r => r.Id).ToList();
            var assignments = (await (from s in db.Assignments.AsNoTracking()
                                      join a in db.Applications on new { s.ApplicationId, s.Round } equals new { ApplicationId = a.Id, Round = a.ReviewRound }
                                      join u in db.Users on s.ExpertId equals u.Id
                                      where ids.Contains(s.ApplicationId)
                                      orderby s.CreatedAt, s.Id
                                      select new { s, u.DisplayName, u.AffiliationCreditCode }).ToListAsync(ct))
                .ToLookup(x => x.s.ApplicationId);
            var eligible = await EligibleAsync(ids, assignments.ToDictionary(g => g.Key, g => g.Select(x => (x.s, (string?)x.AffiliationCreditCode)).ToList()),
                minimum, ct);
            var items = page.Select(r =>
            {
                var review = minimum.GetValueOrDefault((r.WorkflowKey, r.WorkflowVersion));
                return new ApplicationAssignments(r.Id, r.Title, r.OrganisationName, review?.MinReviewers ?? 0, review?.MaxReviewers ?? 0, r.Holding,
                    r.Holding < (review?.MinReviewers ?? 0),
                    assignments[r.Id].Select(x => AssignmentRow.From(x.s, x.DisplayName, now)).ToList(),
                    eligible.GetValueOrDefault(r.Id) ?? []);
            }).ToList();
            return new Page<ApplicationAssignments>(items, query.PageNumber, query.PageSize, total);
        }

        /// <summary>The experts each application could be given now, least loaded first: the rules of <see cref="AssignmentService.AssignAsync"/>.</summary>
        private async Task<Dictionary<Guid, IReadOnlyList<EligibleExpert>>> EligibleAsync(List<Guid> ids,
            Dictionary<Guid, List<(Assignment Assignment, string? Affiliation)>> rounds, Dictionary<(string, int), ReviewDefinition> reviews,
            CancellationToken ct)
        {
            var result = new Dictionary<Guid, IReadOnlyList<EligibleExpert>>();
            if (ids.Count == 0)
                return result;
            var applications = db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id));
            var versions = await applications.ToDictionaryAsync(a => a.Id, a => (a.WorkflowKey, a.WorkflowVersion, a.CallId), ct);
            var callId = versions.Values.First().CallId;
            var active = await db.Users.AsNoTracking().Where(u => u.Role == Roles.Expert && u.ExpertActive && !u.IsDisabled)
                .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
            var experts = (await facts.ExpertsAsync(active.Keys, ct)).OrderBy(e => e.Id).ToList();
            var load = await db.Assignments.Where(a => a.CallId == callId && AssignmentStatuses.Holding.Contains(a.Status))
                .GroupBy(a => a.ExpertId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var index = new ConflictIndex(experts);
            foreach (var application in await facts.FactsOfAsync(applications, ct))
            {
                if (!reviews.TryGetValue((versions[application.Id].WorkflowKey, versions[application.Id].WorkflowVersion), out var review))
                    continue;
                var round = rounds.GetValueOrDefault(application.Id) ?? [];
                var inRound = round.Select(r => r.Assignment.ExpertId).ToHashSet();
                var taken = round.Where(r => AssignmentStatuses.Holding.Contains(r.Assignment.Status) && r.Affiliation is not null)
                    .Select(r => r.Affiliation!).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var conflicted = index.Conflicted(application, review.AvoidSameProvince);
                result[application.Id] = experts
                    .Where((e, i) => !conflicted.Contains(i) && !inRound.Contains(e.Id) && load.GetValueOrDefault(e.Id) < e.Capacity
                        && (e.AffiliationCreditCode.Length == 0 || !taken.Contains(e.AffiliationCreditCode)))
                    .Select(e => new EligibleExpert(e.Id, active[e.Id].DisplayName, active[e.Id].Email ?? "", load.GetValueOrDefault(e.Id), e.Capacity))
                    .OrderBy(e => e.Load).ThenBy(e => e.Name).ThenBy(e => e.Email).ToList();
            }
            return result;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/calls/{id:guid}/assignments", async (Guid id, string? filter, string? sort, int? page, int? pageSize, ISender sender,
                CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, filter, sort, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListCallAssignments")
            .WithSummary("The call's applications in expert review with their assigned experts, late reviews and eligible experts (admin only).")
            .WithProblems(400, 401, 403, 404);
}

/// <summary>An application in expert review and its current round's assignments.</summary>
/// <param name="ApplicationId">The application.</param>
/// <param name="Title">Its project title.</param>
/// <param name="OrganisationName">The organisation's name it was submitted under.</param>
/// <param name="MinReviewers">The workflow's minimum of reviewers.</param>
/// <param name="MaxReviewers">The workflow's maximum of reviewers.</param>
/// <param name="Reviewers">Assignments holding a slot (open or submitted).</param>
/// <param name="ShortOfReviewers">Fewer reviewers than the minimum.</param>
/// <param name="Assignments">The round's assignments, ended ones included, oldest first.</param>
/// <param name="Eligible">Experts who could be assigned now, least loaded first.</param>
public sealed record ApplicationAssignments(Guid ApplicationId, string Title, string OrganisationName, int MinReviewers, int MaxReviewers,
    int Reviewers, bool ShortOfReviewers, IReadOnlyList<AssignmentRow> Assignments, IReadOnlyList<EligibleExpert> Eligible);

/// <summary>One assignment as the assignment page lists it.</summary>
/// <param name="Id">The assignment.</param>
/// <param name="ExpertId">The expert.</param>
/// <param name="ExpertName">The expert's name.</param>
/// <param name="Status"><c>pending</c> (awaiting the expert's no-conflict confirmation), <c>confirmed</c>, <c>submitted</c>, <c>declined</c>, <c>conflict</c>, <c>removed</c> or <c>reassigned</c>.</param>
/// <param name="DueAt">When the review is due.</param>
/// <param name="Overdue">Open and past its due date (or marked late by the workflow's timer).</param>
/// <param name="DaysLate">Whole days past the due date, when overdue.</param>
/// <param name="Version">Its version.</param>
public sealed record AssignmentRow(Guid Id, Guid ExpertId, string ExpertName, string Status, DateTimeOffset DueAt, bool Overdue, int DaysLate, int Version)
{
    public static AssignmentRow From(Assignment a, string expertName, DateTimeOffset now)
    {
        var overdue = a.Status == AssignmentStatus.Assigned && (a.Late || a.DueAt < now);
        var status = a.Status switch
        {
            AssignmentStatus.Assigned => a.Confirmed ? "confirmed" : "pending",
            AssignmentStatus.ConflictDeclared or AssignmentStatus.Conflicted => "conflict",
            _ => a.Status.ToString().ToLowerInvariant(),
        };
        return new(a.Id, a.ExpertId, expertName, status, a.DueAt, overdue, overdue && now > a.DueAt ? (int)(now - a.DueAt).TotalDays : 0, a.Version);
    }
}

/// <summary>An expert who could take the application now, with the assignments held in the call and the most they take.</summary>
public sealed record EligibleExpert(Guid Id, string Name, string Email, int Load, int Capacity);
