using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

public static class GetCall
{
    public sealed record Query(Guid Id) : IQuery<CallView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows) : IQueryHandler<Query, CallView>
    {
        public async ValueTask<CallView> Handle(Query query, CancellationToken ct) =>
            CallView.From(await CallAccess.LoadAsync(db, workflows, user, query.Id, ct));
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
