using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// Claims: every one for administrators (pending by default), oldest first, a page at a time; or the caller's own,
/// with their outcome. Decided claims stay listed.
/// </summary>
public static class ListClaims
{
    /// <summary>Only the caller's own claims when <c>Mine</c>; <c>Status</c> Pending, Transferred or Refused, all when null.</summary>
    public sealed record Query(bool Mine, ClaimStatus? Status, int Page, int PageSize) : IQuery<Page<ClaimView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum();
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, Page<ClaimView>>
    {
        public async ValueTask<Page<ClaimView>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var claims = db.OrganisationClaims.AsNoTracking();
            if (query.Mine)
                claims = claims.Where(c => c.ClaimantId == me);
            if (query.Status is { } status)
                claims = claims.Where(c => c.Status == status);
            var total = await claims.CountAsync(ct);
            var items = await ClaimViews.LoadAsync(db, claims, (query.Page - 1) * query.PageSize, query.PageSize, ct);
            return new Page<ClaimView>(items, query.Page, query.PageSize, total);
        }
    }

    /// <summary><c>GET /api/organisation-claims</c>, administrators.</summary>
    public static void MapForAdministrators(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, ClaimStatus? status = ClaimStatus.Pending, int page = 1, int pageSize = 20) =>
                TypedResults.Ok(await sender.Send(new Query(false, status, page, pageSize), ct)))
            .WithName("ListOrganisationClaims")
            .WithSummary("Claims on registered organisations, pending ones by default, oldest first, with their evidence (admin only).")
            .WithProblems(401, 403);

    /// <summary><c>GET /api/me/organisation-claims</c>, the claimant.</summary>
    public static void MapForClaimant(RouteGroupBuilder group) =>
        group.MapGet("/organisation-claims", async (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(true, null, 1, 100), ct)))
            .WithName("ListMyOrganisationClaims")
            .WithSummary("The caller's own claims and their outcome.")
            .WithProblems(401);
}
