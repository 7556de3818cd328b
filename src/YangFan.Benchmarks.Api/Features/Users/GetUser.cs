using Mediator;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Users;

public static class GetUser
{
    public sealed record Query(Guid Id) : IQuery<UserView>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, UserView>
    {
        public async ValueTask<UserView> Handle(Query query, CancellationToken ct) =>
            await UserViews.LoadAsync(db, query.Id, ct) ?? throw ProblemException.NotFound("The user");
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var user = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{user.Version}\"";
                return TypedResults.Ok(user);
            })
            .WithName("GetUser")
            .WithSummary("One user, with an ETag for conditional changes (admin only).")
            .WithProblems(401, 403, 404);
}
