using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class GetApplicationActions
{
    public sealed record Query(Guid Id) : IQuery<IReadOnlyList<ActionView>>;

    /// <summary>
    /// A trigger of the caller's role from the current state. When <c>enabled</c> is false, <c>unmetGuards</c> says
    /// what is missing, or <c>dedicated</c> names the endpoint that fires it (it is never fired through
    /// <c>POST /api/applications/{id}/transitions</c>).
    /// </summary>
    public sealed record ActionView(string Trigger, string? TitleZh, string? TitleEn, string To, bool RequiresComment, bool Enabled,
        IReadOnlyList<GuardView> UnmetGuards, DedicatedView? Dedicated);

    /// <summary>A condition of a transition, by name and in words.</summary>
    public sealed record GuardView(string Name, string Description);

    /// <summary>The endpoint that alone fires a dedicated trigger, e.g. <c>POST /api/calls/{id}/decisions/release</c>, and why.</summary>
    public sealed record DedicatedView(string Endpoint, string Description);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime) : IQueryHandler<Query, IReadOnlyList<ActionView>>
    {
        public async ValueTask<IReadOnlyList<ActionView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleWithCallAsync(db, user, query.Id, ct);
            var actions = await runtime.ActionsAsync(application, ApplicationAccess.ActorFor(user), ct);
            return actions.Select(o => new ActionView(o.Action.Trigger, o.Action.Title?.Zh, o.Action.Title?.En, o.Action.To,
                o.Action.RequiresComment, o.Enabled, o.Action.UnmetGuards.Select(g => new GuardView(g.Name, g.Description)).ToList(),
                o.Dedicated is { } d ? new DedicatedView(d.Endpoint, d.Description) : null)).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/actions", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetApplicationActions")
            .WithSummary("The triggers of the caller's role from the current state, each enabled or with why not: its unmet guards, or the dedicated endpoint that fires it.")
            .WithProblems(401, 404);
}
