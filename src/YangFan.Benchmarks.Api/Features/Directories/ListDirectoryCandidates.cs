using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>An application the next publication would add to the call's directory, as it would be listed.</summary>
public sealed record DirectoryCandidate(Guid ApplicationId, string OrganisationName, string CreditCode, string Title, string? SectorCode, string ProvinceCode);

public static class ListDirectoryCandidates
{
    public sealed record Query(Guid CallId, int Page, int PageSize) : IQuery<Page<DirectoryCandidate>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).OverridePropertyName("page");
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200).OverridePropertyName("pageSize");
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows) : IQueryHandler<Query, Page<DirectoryCandidate>>
    {
        public async ValueTask<Page<DirectoryCandidate>> Handle(Query query, CancellationToken ct)
        {
            if (!await db.Calls.AnyAsync(c => c.Id == query.CallId, ct))
                throw ProblemException.NotFound("The call");
            // The same selection PublishDirectory makes: the call's applications in a state tagged approved (publishing moves them on).
            var candidates = from a in db.Applications.AsNoTracking().Where(await workflows.ApplicationsTaggedAsync(StateTags.Approved, ct))
                             join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                             where a.CallId == query.CallId
                             orderby o.CreditCode, a.Id
                             select new { a, o };
            var total = await candidates.CountAsync(ct);
            var page = await candidates.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Select(c => new DirectoryCandidate(c.a.Id, c.a.SubmittedOrganisationName ?? c.o.Name, c.o.CreditCode, c.a.Title, c.a.SectorCode,
                    c.a.SubmittedProvinceCode ?? c.o.ProvinceCode ?? ""))
                .ToListAsync(ct);
            return new Page<DirectoryCandidate>(page, query.Page, query.PageSize, total);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/calls/{id:guid}/directory/candidates", async (Guid id, ISender sender, CancellationToken ct, int page = 1, int pageSize = 50) =>
                TypedResults.Ok(await sender.Send(new Query(id, page, pageSize), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Directories")
            .WithName("ListDirectoryCandidates")
            .WithSummary("What publishing the call's directory now would add: its approved applications not yet published (admin only).")
            .WithProblems(400, 401, 403, 404);
}
