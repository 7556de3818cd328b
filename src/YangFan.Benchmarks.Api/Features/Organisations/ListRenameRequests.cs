using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// Rename requests: every organisation's for administrators (pending ones by default, oldest first), or one
/// organisation's own for its members, newest first.
/// </summary>
public static class ListRenameRequests
{
    /// <param name="OrganisationId">One organisation's requests (its members and administrators); null for all (administrators).</param>
    /// <param name="Status">Pending, Approved or Refused; all when null.</param>
    public sealed record Query(Guid? OrganisationId, RenameRequestStatus? Status) : IQuery<IReadOnlyList<RenameRequestView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Status).IsInEnum();
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<RenameRequestView>>
    {
        public async ValueTask<IReadOnlyList<RenameRequestView>> Handle(Query query, CancellationToken ct)
        {
            var requests = db.OrganisationRenameRequests.AsNoTracking();
            if (query.OrganisationId is { } id)
            {
                await OrganisationEndpoints.LoadVisibleAsync(db, user, id, ct);
                requests = requests.Where(r => r.OrganisationId == id);
            }
            if (query.Status is { } status)
                requests = requests.Where(r => r.Status == status);
            var rows = await (from r in requests
                              join o in db.Organisations.AsNoTracking() on r.OrganisationId equals o.Id
                              orderby r.RequestedAt, r.Id
                              select new { r, o.CreditCode }).Take(500).ToListAsync(ct);
            var views = rows.Select(x => RenameRequestView.From(x.r, x.CreditCode));
            return (query.OrganisationId is null ? views : views.Reverse()).ToList();
        }
    }

    /// <summary>The administrators' list, <c>GET /api/organisation-rename-requests</c>.</summary>
    public static void MapForAdministrators(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, RenameRequestStatus? status = RenameRequestStatus.Pending) =>
                TypedResults.Ok(await sender.Send(new Query(null, status), ct)))
            .WithName("ListRenameRequests")
            .WithSummary("Organisation rename requests, pending ones by default, oldest first (admin only).")
            .WithProblems(401, 403);

    /// <summary>An organisation's own list, <c>GET /api/organisations/{id}/rename-requests</c>.</summary>
    public static void MapForOrganisation(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/rename-requests", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, null), ct)))
            .WithName("ListOrganisationRenameRequests")
            .WithSummary("The organisation's rename requests and their decisions, newest first (members and administrators).")
            .WithProblems(401, 404);
}
