using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>An action as the API offers it: the engine's answer, and the endpoint that fires it when it is dedicated.</summary>
public sealed record OfferedAction(AvailableAction Action, DedicatedTrigger? Dedicated)
{
    /// <summary>A dedicated trigger is never enabled for a generic request, whatever its guards say.</summary>
    public bool Enabled => Action.Enabled && Dedicated is null;
}

/// <summary>
/// Every state change goes through here. An application's: role, guards, the transition itself, history, timers,
/// effects and automatic follow-ups; a call's (its lifecycle, workflows/call.json): role, the transition and timers,
/// by the same decision, refusal and timer code. All in the caller's transaction, each after locking the instance's
/// row, so changes of one instance queue there, in the lock order the timer dispatcher follows too.
/// </summary>
public sealed class WorkflowRuntime(AppDbContext db, WorkflowSteps steps, WorkflowLibrary workflows, AuditTrail audit, TimeProvider time)
{
    /// <summary>Automatic transitions fired in a row before the engine assumes a definition loops.</summary>
    private const int MaxAutomaticSteps = 16;

    public Task<CompiledWorkflow> CompiledAsync(string key, int version, CancellationToken ct) => workflows.CompiledAsync(key, version, ct);

    /// <summary>Puts a new application into its workflow's initial state, pinned to the call's version.</summary>
    public async Task StartAsync(Application application, Call call, Actor actor, CancellationToken ct)
    {
        var workflow = await CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
        var now = time.GetUtcNow();
        application.State = workflow.Initial;
        application.StateEnteredAt = application.ShownStateEnteredAt = now;
        await AddHistoryAsync(application, null, workflow.Initial, "create", actor, null, null, now, ct);
        await ReplaceTimersAsync(workflow, application.State, now, call.ClosesAt, application.Id, null, ct);
        audit.Record("application.created", "Application", application.Id,
            new { application.WorkflowKey, application.WorkflowVersion, application.State }, actor.Id, actor.Role, actor.Channel);
    }

    /// <summary>
    /// What the engine would say to each trigger the actor's role has from the current state. A dedicated trigger
    /// is never enabled here, because <see cref="FireAsync"/> refuses it; it names the endpoint that fires it.
    /// </summary>
    public async Task<IReadOnlyList<OfferedAction>> ActionsAsync(Application application, Actor actor, CancellationToken ct)
    {
        var (workflow, call) = await LoadAsync(application, ct);
        var actions = await workflow.ActionsAsync(application.State, actor.Role, Evaluator(workflow, application, call, actor), ct);
        return actions.Select(a => new OfferedAction(a, DedicatedTriggers.Find(a.Trigger))).ToList();
    }

    /// <summary>
    /// Fires a trigger for a generic caller (the transitions endpoint, a timer) or returns the refusal that says why
    /// not. Then runs any automatic transitions. A dedicated trigger is refused before anything is read or written.
    /// </summary>
    public Task<FireResult> FireAsync(Application application, string trigger, Actor actor, string? comment, JsonElement? data, CancellationToken ct) =>
        DedicatedTriggers.Find(trigger) is { } dedicated
            ? Task.FromResult(new FireResult(TransitionRefusal.ForDedicated(dedicated, actor.Role)))
            : FireAnyAsync(application, trigger, actor, comment, data, ct);

    /// <summary>
    /// Fires a dedicated trigger, with the same checks as <see cref="FireAsync"/>. Only the handler of the trigger's
    /// own endpoint calls this, in the transaction that does the bookkeeping.
    /// </summary>
    public Task<FireResult> FireDedicatedAsync(Application application, DedicatedTrigger trigger, Actor actor, string? comment, CancellationToken ct) =>
        FireAnyAsync(application, trigger.Trigger, actor, comment, null, ct);

    /// <summary>
    /// Fires a trigger of a call's lifecycle, after locking the call's row, by the same decision and refusal as an
    /// application's transition. <paramref name="entered"/> runs once the call is in its new state, before the state's
    /// timer is set; a call has no guards, effects or history.
    /// </summary>
    public async Task<FireResult> FireCallAsync(Call call, string trigger, Actor actor, Func<CompiledWorkflow, Task> entered, CancellationToken ct)
    {
        await db.LockAsync(call, ct);
        var lifecycle = await workflows.LifecycleAsync(call, ct);
        // A call's lifecycle has no guards and asks for no comments.
        var decision = await lifecycle.DecideAsync(call.Status, trigger, actor.Role, hasComment: true, (_, _) => ValueTask.FromResult(false), ct);
        if (!decision.IsPermitted)
            return new(TransitionRefusal.From(decision, call.Status, trigger, actor.Role, steps));
        var now = time.GetUtcNow();
        var from = call.Status;
        call.Status = lifecycle.Fire(from, decision.Transition!);
        await entered(lifecycle);
        await ReplaceTimersAsync(lifecycle, call.Status, now, call.ClosesAt, null, call.Id, ct);
        audit.Record($"call.{trigger}", "Call", call.Id, new { from, to = call.Status, call.WorkflowKey, call.WorkflowVersion },
            actor.Id, actor.Role, actor.Channel);
        return FireResult.Fired;
    }

    private async Task<FireResult> FireAnyAsync(Application application, string trigger, Actor actor, string? comment, JsonElement? data, CancellationToken ct)
    {
        await db.LockAsync(application, ct);
        var (workflow, call) = await LoadAsync(application, ct);
        var decision = await workflow.DecideAsync(application.State, trigger, actor.Role, !string.IsNullOrWhiteSpace(comment),
            Evaluator(workflow, application, call, actor), ct);
        if (!decision.IsPermitted)
        {
            // An applicant is refused as if from the state they are shown, so that a refusal cannot reveal a staged
            // decision (a 403 from Shortlisted against a 409 from Deliberation, or the state's name).
            if (actor.Role == Roles.Applicant && Features.Applications.StateMask.IsStaged(workflow, application.State))
            {
                var shown = Features.Applications.StateMask.Shown(workflow, application.State);
                var asShown = await workflow.DecideAsync(shown, trigger, actor.Role, !string.IsNullOrWhiteSpace(comment),
                    Evaluator(workflow, application, call, actor), ct);
                return new(TransitionRefusal.From(asShown.IsPermitted ? decision : asShown, shown, trigger, actor.Role, steps));
            }
            return new(TransitionRefusal.From(decision, application.State, trigger, actor.Role, steps));
        }

        await ApplyAsync(workflow, application, call, decision.Transition!, actor, comment, data, ct);
        await RunAutomaticAsync(workflow, application, call, actor.Channel, ct);
        return FireResult.Fired;
    }

    /// <summary>
    /// Re-evaluates automatic transitions after the data behind their guards changed (e.g. a review came in).
    /// </summary>
    public async Task ReevaluateAsync(Application application, string channel, CancellationToken ct)
    {
        await db.LockAsync(application, ct);
        var (workflow, call) = await LoadAsync(application, ct);
        await RunAutomaticAsync(workflow, application, call, channel, ct);
    }

    /// <summary>Moves an instance to another definition version and state (an explicit, audited migration).</summary>
    public async Task MigrateAsync(Application application, CompiledWorkflow target, string targetState, Actor actor, CancellationToken ct)
    {
        await db.LockAsync(application, ct);
        var call = await db.Calls.FirstAsync(c => c.Id == application.CallId, ct);
        var now = time.GetUtcNow();
        var from = application.State;
        var fromVersion = application.WorkflowVersion;
        application.WorkflowVersion = target.Version;
        if (from != targetState)
            Enter(target, application, targetState, now);
        await AddHistoryAsync(application, from, targetState, "migrate", actor, $"Migrated from v{fromVersion} to v{target.Version}.", null, now, ct);
        await ReplaceTimersAsync(target, application.State, application.StateEnteredAt, call.ClosesAt, application.Id, null, ct);
    }

    /// <summary>
    /// Moves the application into a state. A step hidden from applicants (a decision staged or taken back) leaves
    /// the state time and version they see alone (see <see cref="Application.StagedVersions"/>).
    /// </summary>
    private static void Enter(CompiledWorkflow workflow, Application application, string to, DateTimeOffset now)
    {
        var from = application.State;
        application.State = to;
        application.StateEnteredAt = now;
        if (Features.Applications.StateMask.HiddenFromApplicants(workflow, from, to))
            application.HiddenStepPending = true;
        else
        {
            application.ShownStateEnteredAt = now;
            application.VisibleStepPending = true;
        }
    }

    private async Task ApplyAsync(CompiledWorkflow workflow, Application application, Call call, CompiledTransition transition,
        Actor actor, string? comment, JsonElement? data, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var from = application.State;
        var to = workflow.Fire(from, transition);
        Enter(workflow, application, to, now);
        await AddHistoryAsync(application, from, to, transition.Trigger, actor, comment, data, now, ct);

        await ReplaceTimersAsync(workflow, application.State, now, call.ClosesAt, application.Id, null, ct);

        var context = new StepContext(db, application, call, actor, workflow, time, workflows);
        foreach (var effect in transition.Effects)
            await steps.Effects[effect.Name].ApplyAsync(context, effect.Arguments, ct);

        audit.Record("application.transitioned", "Application", application.Id,
            new { from, to, transition.Trigger, comment }, actor.Id, actor.Role, actor.Channel);
    }

    private async Task RunAutomaticAsync(CompiledWorkflow workflow, Application application, Call call, string channel, CancellationToken ct)
    {
        var system = Actor.System(channel);
        for (var step = 0; step < MaxAutomaticSteps; step++)
        {
            var next = await workflow.FindAutomaticAsync(application.State, Evaluator(workflow, application, call, system), ct);
            if (next is null)
                return;
            await ApplyAsync(workflow, application, call, next, system, null, null, ct);
        }
        throw new InvalidOperationException($"Workflow {workflow.Key} v{workflow.Version} fired {MaxAutomaticSteps} automatic transitions in a row.");
    }

    private async Task<(CompiledWorkflow, Call)> LoadAsync(Application application, CancellationToken ct)
    {
        var call = await db.Calls.FirstAsync(c => c.Id == application.CallId, ct);
        // The call's lifecycle too, in the same query: guards ask it for tags (call-open: accepting-applications).
        await workflows.ResolveAsync([(application.WorkflowKey, application.WorkflowVersion), (CallLifecycle.WorkflowKey, call.LifecycleVersion)], ct);
        return (await CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct), call);
    }

    private GuardEvaluator Evaluator(CompiledWorkflow workflow, Application application, Call call, Actor actor)
    {
        var context = new StepContext(db, application, call, actor, workflow, time, workflows);
        return (guard, ct) => steps.Guards[guard.Name].HoldsAsync(context, guard.Arguments, ct);
    }

    private async Task AddHistoryAsync(Application application, string? from, string to, string trigger, Actor actor, string? comment,
        JsonElement? data, DateTimeOffset at, CancellationToken ct)
    {
        var stored = await db.WorkflowHistory.CountAsync(h => h.ApplicationId == application.Id, ct);
        var added = db.ChangeTracker.Entries<WorkflowHistoryEntry>()
            .Count(e => e.State == EntityState.Added && e.Entity.ApplicationId == application.Id);
        db.WorkflowHistory.Add(new WorkflowHistoryEntry
        {
            Id = Guid.NewGuid(),
            ApplicationId = application.Id,
            Sequence = stored + added + 1,
            FromState = from,
            ToState = to,
            Trigger = trigger,
            ActorId = actor.Id,
            ActorRole = actor.Role,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            Data = data is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } d ? d.GetRawText() : null,
            WorkflowVersion = application.WorkflowVersion,
            OccurredAt = at,
        });
    }

    /// <summary>
    /// Cancels the instance's pending timers (the ones added in this unit of work too) and schedules the timer of the
    /// state it is in now, entered at <paramref name="enteredAt"/>, if the state has one and its date is known.
    /// </summary>
    private async Task ReplaceTimersAsync(CompiledWorkflow workflow, string state, DateTimeOffset enteredAt, DateTimeOffset callClosesAt,
        Guid? applicationId, Guid? callId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        bool Owned(WorkflowTimer t) => applicationId is not null ? t.ApplicationId == applicationId : t.CallId == callId;
        var pending = await db.WorkflowTimers
            .Where(t => t.Status == TimerStatus.Pending && (applicationId != null ? t.ApplicationId == applicationId : t.CallId == callId))
            .ToListAsync(ct);
        foreach (var timer in db.ChangeTracker.Entries<WorkflowTimer>().Select(e => e.Entity).Where(t => t.Status == TimerStatus.Pending && Owned(t))
                     .Concat(pending).ToList())
        {
            timer.Status = TimerStatus.Cancelled;
            timer.CompletedAt = now;
        }
        if (workflow.TimerDue(state, enteredAt, WorkflowContract.Anchors(workflow, enteredAt, callClosesAt)) is not { } due)
            return;
        db.WorkflowTimers.Add(new WorkflowTimer
        {
            Id = Guid.NewGuid(),
            ApplicationId = applicationId,
            CallId = callId,
            State = state,
            Trigger = workflow.State(state).Timer!.Trigger,
            DueAt = due,
            Status = TimerStatus.Pending,
            CreatedAt = now,
        });
    }
}
