using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>
/// One call for administrators at a glance: how many of its applications are in each state (titled by the workflow
/// version each runs on), the ones that have waited longest in a state that does not end the workflow, and its quotas.
/// </summary>
public static class GetCallDashboard
{
    /// <summary>How many applications wait longest are shown.</summary>
    public const int Longest = 10;

    public sealed record Query(Guid CallId) : IQuery<View>;

    /// <summary>Applications in one state; states of the same title in two workflow versions count together.</summary>
    public sealed record StateCount(string TitleZh, string TitleEn, bool Terminal, int Count);

    /// <summary>An application and how long it has been in its state (as of the query).</summary>
    public sealed record Waiting(Guid ApplicationId, string Title, string? OrganisationName, string StateZh, string StateEn,
        DateTimeOffset Since, TimeSpan For);

    /// <summary>A trigger of the call's lifecycle an administrator fires (<c>POST /api/calls/{id}/{trigger}</c>), titled by the workflow;
    /// <paramref name="Available"/> when the call's state offers it now.</summary>
    public sealed record CallAction(string Trigger, string TitleZh, string TitleEn, bool Available);

    /// <param name="Call">The call.</param>
    /// <param name="StatusZh">Its lifecycle state's Chinese title.</param>
    /// <param name="StatusEn">Its English title.</param>
    /// <param name="Applications">How many applications it has.</param>
    /// <param name="States">Its applications counted by state.</param>
    /// <param name="LongestWaiting">The applications that have waited longest.</param>
    /// <param name="Quotas">Its quotas.</param>
    /// <param name="Actions">The lifecycle's triggers an administrator fires (open, close, finish …), each saying whether it is available now.</param>
    /// <param name="Editable">Whether the call is still a draft whose settings may change.</param>
    public sealed record View(CallView Call, string StatusZh, string StatusEn, int Applications, IReadOnlyList<StateCount> States,
        IReadOnlyList<Waiting> LongestWaiting, GetCallAuthorityQuotas.View Quotas, IReadOnlyList<CallAction> Actions, bool Editable);

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows, TimeProvider time) : IQueryHandler<Query, View>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken ct)
        {
            var call = await db.Calls.AsNoTracking().Include(c => c.Sectors).FirstOrDefaultAsync(c => c.Id == query.CallId, ct)
                ?? throw ProblemException.NotFound("The call");
            var compiled = await workflows.LifecycleAsync(call, ct);
            var lifecycle = compiled.Definition.States.FirstOrDefault(s => s.Name == call.Status);
            var available = compiled.TransitionsFrom(call.Status).Where(t => !t.Auto && t.Roles.Contains(Domain.Roles.Admin)).Select(t => t.Trigger).ToHashSet();
            var actions = compiled.Definition.Transitions.Where(t => t.Roles.Contains(Domain.Roles.Admin)).DistinctBy(t => t.Trigger)
                .Select(t => new CallAction(t.Trigger, t.Title?.Zh ?? t.Trigger, t.Title?.En ?? t.Trigger, available.Contains(t.Trigger))).ToList();

            var applications = db.Applications.AsNoTracking().Where(a => a.CallId == call.Id);
            var buckets = await applications.GroupBy(a => new { a.WorkflowKey, a.WorkflowVersion, a.State })
                .Select(g => new { g.Key.WorkflowKey, g.Key.WorkflowVersion, g.Key.State, Count = g.Count() })
                .ToListAsync(ct);
            var counted = new List<(int Order, StateCount Count)>();
            foreach (var bucket in buckets)
            {
                var states = (await workflows.CompiledAsync(bucket.WorkflowKey, bucket.WorkflowVersion, ct)).Definition.States;
                var order = states.ToList().FindIndex(s => s.Name == bucket.State);
                var state = order < 0 ? null : states[order];
                counted.Add((order, new StateCount(state?.Title?.Zh ?? bucket.State, state?.Title?.En ?? bucket.State, state?.Terminal ?? false, bucket.Count)));
            }
            var stateCounts = counted
                .GroupBy(c => (c.Count.TitleZh, c.Count.TitleEn, c.Count.Terminal))
                .OrderBy(g => g.Min(c => c.Order))
                .Select(g => new StateCount(g.Key.TitleZh, g.Key.TitleEn, g.Key.Terminal, g.Sum(c => c.Count.Count)))
                .ToList();

            var waiting = await applications
                .Where(await workflows.ApplicationsInAsync(w => w.Definition.States.Where(s => !s.Terminal).Select(s => s.Name), ct))
                .OrderBy(a => a.StateEnteredAt).ThenBy(a => a.Id)
                .Take(Longest)
                .Select(a => new
                {
                    a.Id, a.Title, a.WorkflowKey, a.WorkflowVersion, a.State, a.StateEnteredAt,
                    Organisation = db.Organisations.Where(o => o.Id == a.OrganisationId).Select(o => o.Name).FirstOrDefault(),
                })
                .ToListAsync(ct);
            var now = time.GetUtcNow();
            var longest = new List<Waiting>();
            foreach (var a in waiting)
            {
                var state = (await workflows.CompiledAsync(a.WorkflowKey, a.WorkflowVersion, ct)).Definition.States.FirstOrDefault(s => s.Name == a.State);
                longest.Add(new Waiting(a.Id, a.Title, a.Organisation, state?.Title?.Zh ?? a.State, state?.Title?.En ?? a.State,
                    a.StateEnteredAt, now - a.StateEnteredAt));
            }

            return new View(CallView.From(call), lifecycle?.Title?.Zh ?? call.Status, lifecycle?.Title?.En ?? call.Status,
                stateCounts.Sum(s => s.Count), stateCounts, longest, await GetCallAuthorityQuotas.ReadAsync(db, call, ct), actions,
                compiled.HasTag(call.Status, StateTags.Editable));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/dashboard", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetCallDashboard")
            .WithSummary("A call's applications counted by state, the ten waiting longest in theirs, and its quotas (admin only).")
            .WithProblems(401, 403, 404);
}
