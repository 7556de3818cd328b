using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class GetApplication
{
    public sealed record Query(Guid Id) : IQuery<ApplicationView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowHost.WorkflowRuntime runtime) : IQueryHandler<Query, ApplicationView>
    {
        public async ValueTask<ApplicationView> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.Id, ct);
            return ApplicationView.For(user, application, await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var application = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{application.Version}\"";
                return TypedResults.Ok(application);
            })
            .WithName("GetApplication")
            .WithSummary("An application's workflow state, with the ETag that transitions must send as If-Match.")
            .WithProblems(401, 404);
}
