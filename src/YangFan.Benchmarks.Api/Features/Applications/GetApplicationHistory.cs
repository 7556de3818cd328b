using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class GetApplicationHistory
{
    public sealed record Query(Guid Id) : IQuery<IReadOnlyList<HistoryView>>;

    /// <summary>
    /// One step. <c>actorId</c> and <c>actorName</c> are shown to administrators for every step, and to the applicant
    /// organisation's members for their own colleagues' steps (who submitted, who withdrew); never anyone else's, so
    /// reviewers' identities never leak.
    /// </summary>
    public sealed record HistoryView(int Sequence, string? From, string To, string Trigger, string ActorRole, Guid? ActorId,
        string? Comment, int WorkflowVersion, DateTimeOffset OccurredAt, string? ActorName = null);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowHost.WorkflowRuntime runtime) : IQueryHandler<Query, IReadOnlyList<HistoryView>>
    {
        public async ValueTask<IReadOnlyList<HistoryView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.Id, ct);
            bool Shown(string actorRole) => user.Role == Roles.Admin || (user.Role == Roles.Applicant && actorRole == Roles.Applicant);
            var history = await (from h in db.WorkflowHistory.AsNoTracking()
                                 where h.ApplicationId == application.Id
                                 join u in db.Users.AsNoTracking() on h.ActorId equals (Guid?)u.Id into actors
                                 from u in actors.DefaultIfEmpty()
                                 orderby h.Sequence
                                 select new { h, Name = u == null ? null : u.DisplayName }).ToListAsync(ct);
            var views = history.Select(x => new HistoryView(x.h.Sequence, x.h.FromState, x.h.ToState, x.h.Trigger, x.h.ActorRole,
                Shown(x.h.ActorRole) ? x.h.ActorId : null, x.h.Comment, x.h.WorkflowVersion, x.h.OccurredAt,
                Shown(x.h.ActorRole) ? x.Name : null));
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
