using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>The administrators' queue: organisations awaiting verification, oldest request first, a page at a time.</summary>
public static class ListVerificationQueue
{
    public sealed record Query(int Page, int PageSize) : IQuery<Page<VerificationView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Page<VerificationView>>
    {
        public async ValueTask<Page<VerificationView>> Handle(Query query, CancellationToken ct)
        {
            var waiting = db.Organisations.AsNoTracking().Where(o => o.Verification == VerificationStatus.AwaitingReview);
            var total = await waiting.CountAsync(ct);
            var page = await waiting.OrderBy(o => o.VerificationRequestedAt).ThenBy(o => o.Id)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
            var items = new List<VerificationView>();
            foreach (var organisation in page)
                items.Add(VerificationView.From(organisation, await OrganisationDocuments.CurrentAsync(db, organisation.Id, ct)));
            return new Page<VerificationView>(items, query.Page, query.PageSize, total);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, int page = 1, int pageSize = 20) =>
                TypedResults.Ok(await sender.Send(new Query(page, pageSize), ct)))
            .WithName("ListVerificationQueue")
            .WithSummary("Organisations awaiting verification, oldest request first, with their documents (admin only).")
            .WithProblems(401, 403);
}
