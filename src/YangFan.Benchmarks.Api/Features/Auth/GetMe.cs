using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

public static class GetMe
{
    public sealed record Query : IQuery<UserView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, UserView>
    {
        public async ValueTask<UserView> Handle(Query query, CancellationToken ct) =>
            await UserViews.LoadAsync(db, user.RequireId(), ct) ?? throw ProblemException.NotFound("The account");
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("GetMe")
            .WithSummary("The signed-in user, with their organisation or profile.")
            .WithProblems(401);
}
