using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Users;

public static class ListUsers
{
    /// <summary>A page of users, optionally filtered by role and a search over e-mail and name.</summary>
    public sealed record Query(int Page, int PageSize, string? Role, string? Search) : IQuery<Page<UserView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100);
            RuleFor(q => q.Role).Must(r => r is null || Roles.All.Contains(r)).WithMessage($"Must be one of: {string.Join(", ", Roles.All)}.");
            RuleFor(q => q.Search).MaximumLength(100);
        }
    }

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Page<UserView>>
    {
        public async ValueTask<Page<UserView>> Handle(Query query, CancellationToken ct)
        {
            var users = db.Users.AsNoTracking();
            if (query.Role is not null)
                users = users.Where(u => u.Role == query.Role);
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToUpperInvariant();
                users = users.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
            }
            var total = await users.CountAsync(ct);
            var page = await users.OrderBy(u => u.Email).ThenBy(u => u.Id)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Include(u => u.ExpertSectors)
                .ToListAsync(ct);
            var organisationIds = page.Where(u => u.OrganisationId != null).Select(u => u.OrganisationId!.Value).ToList();
            var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var items = page.Select(u => UserViews.From(u, u.OrganisationId is { } id ? organisations.GetValueOrDefault(id) : null)).ToList();
            return new Page<UserView>(items, query.Page, query.PageSize, total);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, int page = 1, int pageSize = 20, string? role = null, string? search = null) =>
                TypedResults.Ok(await sender.Send(new Query(page, pageSize, role, search), ct)))
            .WithName("ListUsers")
            .WithSummary("Lists users, a page at a time (admin only).")
            .WithProblems(401, 403);
}
