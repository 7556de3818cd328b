using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Calls;

public static class GetCall
{
    public sealed record Query(Guid Id) : IQuery<CallView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, CallView>
    {
        public async ValueTask<CallView> Handle(Query query, CancellationToken ct) =>
            CallView.From(await CallAccess.LoadAsync(db, user, query.Id, ct));
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var call = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{call.Version}\"";
                return TypedResults.Ok(call);
            })
            .AllowAnonymous()
            .WithName("GetCall")
            .WithSummary("One call, with its ETag.")
            .WithProblems(404);
}
