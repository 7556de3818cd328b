using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class GetOrganisation
{
    public sealed record Query(Guid Id) : IQuery<(OrganisationView View, int Version)>;

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, (OrganisationView, int)>
    {
        public async ValueTask<(OrganisationView, int)> Handle(Query query, CancellationToken ct)
        {
            var organisation = await OrganisationEndpoints.LoadVisibleAsync(db, user, query.Id, ct);
            return (OrganisationEndpoints.View(organisation), organisation.Version);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var (view, version) = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("GetOrganisation")
            .WithSummary("An organisation, for its own members and administrators.")
            .WithProblems(401, 404);
}
