using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Workflows;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class GetApplicationActions
{
    public sealed record Query(Guid Id) : IQuery<IReadOnlyList<ActionView>>;

    /// <summary>A trigger the caller may fire; when <c>enabled</c> is false, <c>unmetGuards</c> says what is missing.</summary>
    public sealed record ActionView(string Trigger, string? TitleZh, string? TitleEn, string To, bool RequiresComment, bool Enabled,
        IReadOnlyList<GuardView> UnmetGuards);

    /// <summary>A condition of a transition, by name and in words.</summary>
    public sealed record GuardView(string Name, string Description);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime) : IQueryHandler<Query, IReadOnlyList<ActionView>>
    {
        public async ValueTask<IReadOnlyList<ActionView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.Id, ct);
            var actions = await runtime.ActionsAsync(application, ApplicationAccess.ActorFor(user), ct);
            return actions.Select(a => new ActionView(a.Trigger, a.Title?.Zh, a.Title?.En, a.To, a.RequiresComment, a.Enabled,
                a.UnmetGuards.Select(g => new GuardView(g.Name, g.Description)).ToList())).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/actions", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetApplicationActions")
            .WithSummary("The triggers the caller may fire now, each with its unmet guards explained.")
            .WithProblems(401, 404);
}
