using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class GetApplicationHistory
{
    public sealed record Query(Guid Id) : IQuery<IReadOnlyList<HistoryView>>;

    /// <summary>One step; <c>actorId</c> is shown to administrators only, so reviewers' identities never leak.</summary>
    public sealed record HistoryView(int Sequence, string? From, string To, string Trigger, string ActorRole, Guid? ActorId,
        string? Comment, int WorkflowVersion, DateTimeOffset OccurredAt);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowHost.WorkflowRuntime runtime) : IQueryHandler<Query, IReadOnlyList<HistoryView>>
    {
        public async ValueTask<IReadOnlyList<HistoryView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.Id, ct);
            var showActors = user.Role == Roles.Admin;
            var history = await db.WorkflowHistory.AsNoTracking()
                .Where(h => h.ApplicationId == application.Id)
                .OrderBy(h => h.Sequence)
                .ToListAsync(ct);
            var views = history.Select(h => new HistoryView(h.Sequence, h.FromState, h.ToState, h.Trigger, h.ActorRole,
                showActors ? h.ActorId : null, h.Comment, h.WorkflowVersion, h.OccurredAt));
            if (!StateMask.Applies(user))
                return views.ToList();

            // Applicants do not see decisions being staged or reconsidered, only their release.
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            return views
                .Where(h => !StateMask.HiddenFromApplicants(workflow, h.From, h.To))
                .Select(h => h with { From = h.From is null ? null : StateMask.Shown(workflow, h.From) })
                .ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/history", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetApplicationHistory")
            .WithSummary("Every transition of the application: from, to, trigger, role, comment and time.")
            .WithProblems(401, 404);
}
