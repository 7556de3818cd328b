using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
public sealed class WorkflowRuntime(AppDbContext db, WorkflowSteps steps, WorkflowLibrary workflows, FormHost.FormLibrary forms, AuditTrail audit,
    TimeProvider time, Mail.Notifier notifier, Telemetry.AppTelemetry telemetry)
{
    /// <summary>Automatic transitions fired in a row before the engine assumes a definition loops.</summary>
    private const int MaxAutomaticSteps = 16;

    /// <summary>What this unit of work knows of the applications it changes (<see cref="LockAsync"/>).</summary>
    private readonly Dictionary<Guid, Known> _known = [];

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
            ? Task.FromResult(Refused(application.WorkflowKey, application.WorkflowVersion, TransitionRefusal.ForDedicated(dedicated, actor.Role), knownTrigger: true))
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
        using var span = telemetry.StartFire(lifecycle.Key, lifecycle.Version, trigger);
        // A call's lifecycle has no guards and asks for no comments.
        var decision = await lifecycle.DecideAsync(call.Status, trigger, actor.Role, hasComment: true, (_, _) => ValueTask.FromResult(false), ct);
        if (!decision.IsPermitted)
            return Refused(lifecycle, TransitionRefusal.From(decision, call.Status, trigger, actor.Role, steps));
        var now = time.GetUtcNow();
        var from = call.Status;
        call.Status = lifecycle.Fire(from, decision.Transition!);
        telemetry.Fired(lifecycle.Key, lifecycle.Version, trigger, from, call.Status);
        await entered(lifecycle);
        await ReplaceTimersAsync(lifecycle, call.Status, now, call.ClosesAt, null, call.Id, ct);
        audit.Record($"call.{trigger}", "Call", call.Id, new { from, to = call.Status, call.WorkflowKey, call.WorkflowVersion },
            actor.Id, actor.Role, actor.Channel);
        return FireResult.Fired;
    }

    private async Task<FireResult> FireAnyAsync(Application application, string trigger, Actor actor, string? comment, JsonElement? data, CancellationToken ct)
    {
        await LockAsync(application, ct);
        var (workflow, call) = await LoadAsync(application, ct);
        using var span = telemetry.StartFire(workflow.Key, workflow.Version, trigger);
        var context = new StepContext(db, application, call, actor, workflow, time, workflows, forms, notifier);
        var decision = await workflow.DecideAsync(application.State, trigger, actor.Role, !string.IsNullOrWhiteSpace(comment),
            Evaluator(context), ct);
        if (!decision.IsPermitted)
        {
            // An applicant is refused as if from the state they are shown, so that a refusal cannot reveal a staged
            // decision (a 403 from Shortlisted against a 409 from Deliberation, or the state's name).
            if (actor.Role == Roles.Applicant && Features.Applications.StateMask.IsStaged(workflow, application.State))
            {
                var shown = Features.Applications.StateMask.Shown(workflow, application.State);
                var asShown = await workflow.DecideAsync(shown, trigger, actor.Role, !string.IsNullOrWhiteSpace(comment),
                    Evaluator(workflow, application, call, actor), ct);
                return Refused(workflow, TransitionRefusal.From(asShown.IsPermitted ? decision : asShown, shown, trigger, actor.Role, steps));
            }
            return Refused(workflow, TransitionRefusal.From(decision, application.State, trigger, actor.Role, steps, context.Findings));
        }

        await ApplyAsync(workflow, application, call, decision.Transition!, actor, comment, data, ct);
        await RunAutomaticAsync(workflow, application, call, actor.Channel, ct);
        return FireResult.Fired;
    }

    /// <summary>A refusal, counted (docs/decisions/0045) before the caller turns it into its problem or a timer's outcome.</summary>
    private FireResult Refused(CompiledWorkflow workflow, TransitionRefusal refusal) =>
        Refused(workflow.Key, workflow.Version, refusal, Telemetry.AppTelemetry.Defines(workflow, refusal.Trigger));

    private FireResult Refused(string workflow, int version, TransitionRefusal refusal, bool knownTrigger)
    {
        telemetry.Refused(workflow, version, refusal, knownTrigger);
        return new(refusal);
    }

    /// <summary>
    /// Re-evaluates automatic transitions after the data behind their guards changed (e.g. a review came in).
    /// </summary>
    public async Task ReevaluateAsync(Application application, string channel, CancellationToken ct)
    {
        await LockAsync(application, ct);
        var (workflow, call) = await LoadAsync(application, ct);
        await RunAutomaticAsync(workflow, application, call, channel, ct);
    }

    /// <summary>Moves an instance to another definition version and state (an explicit, audited migration).</summary>
    public async Task MigrateAsync(Application application, CompiledWorkflow target, string targetState, Actor actor, CancellationToken ct)
    {
        await LockAsync(application, ct);
        var call = await CallOfAsync(application, ct);
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
        telemetry.Fired(workflow.Key, workflow.Version, transition.Trigger, from, to);
        Enter(workflow, application, to, now);
        await AddHistoryAsync(application, from, to, transition.Trigger, actor, comment, data, now, ct);

        await ReplaceTimersAsync(workflow, application.State, now, call.ClosesAt, application.Id, null, ct);

        var context = new StepContext(db, application, call, actor, workflow, time, workflows, forms, notifier, comment);
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
        var call = await CallOfAsync(application, ct);
        // The call's lifecycle too, in the same query: guards ask it for tags (call-open: accepting-applications).
        await workflows.ResolveAsync([(application.WorkflowKey, application.WorkflowVersion), (CallLifecycle.WorkflowKey, call.LifecycleVersion)], ct);
        return (await CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct), call);
    }

    /// <summary>The application's call: the one loaded with it (<c>ApplicationAccess.LoadVisibleWithCallAsync</c>), else read.</summary>
    private async Task<Call> CallOfAsync(Application application, CancellationToken ct) =>
        await db.Calls.FindAsync([application.CallId], ct) ?? throw new InvalidOperationException($"Call {application.CallId} is not stored.");

    /// <summary>
    /// Takes the application's row lock, the first of the lock order (docs/architecture.md), like
    /// <see cref="OptimisticConcurrency.LockAsync{T}"/>: 409 when the row changed since it was read. The same statement
    /// reads what the transition would otherwise ask in two more: how many history entries are stored (the next
    /// sequence number) and whether any timer is pending. Both are current once the lock is held, because only a
    /// transition adds history or timers and every transition changes the row's version, which is checked here.
    /// Once per application and transaction; SQLite, which needs no lock, asks each question when it arises.
    /// </summary>
    private async Task LockAsync(Application application, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres || KnownOf(application.Id) is not null)
            return;
        var entry = db.Entry(application);
        if (entry.State == EntityState.Added)
            return;
        var row = (await db.Database.SqlQuery<LockedApplication>($"""
            SELECT a."Version",
                (SELECT count(*)::int FROM "WorkflowHistory" h WHERE h."ApplicationId" = a."Id") AS "History",
                EXISTS (SELECT 1 FROM "WorkflowTimers" t WHERE t."ApplicationId" = a."Id" AND t."Status" = 'Pending') AS "PendingTimers"
            FROM "Applications" a WHERE a."Id" = {application.Id}
            FOR NO KEY UPDATE OF a
            """).ToListAsync(ct)).SingleOrDefault();
        if (row?.Version != entry.Property(a => a.Version).OriginalValue)
            throw ProblemException.ConcurrencyConflict();
        _known[application.Id] = new Known(db.Database.CurrentTransaction, row.History, row.PendingTimers);
    }

    /// <summary>What <see cref="LockAsync"/> (or a new application's start) learnt in the current transaction, if anything.</summary>
    private Known? KnownOf(Guid applicationId) =>
        _known.TryGetValue(applicationId, out var known) && known.Transaction is not null && known.Transaction == db.Database.CurrentTransaction
            ? known
            : null;

    /// <summary>The lock statement's answer.</summary>
    private sealed class LockedApplication
    {
        public int Version { get; init; }
        public int History { get; init; }
        public bool PendingTimers { get; init; }
    }

    /// <summary>
    /// An application's facts in one transaction: the history entries stored or added so far, and whether the
    /// database may still hold pending timers the unit of work has not loaded.
    /// </summary>
    private sealed class Known(IDbContextTransaction? transaction, int history, bool pendingTimers)
    {
        public IDbContextTransaction? Transaction { get; } = transaction;
        public int History { get; set; } = history;
        public bool PendingTimers { get; set; } = pendingTimers;
    }

    private GuardEvaluator Evaluator(CompiledWorkflow workflow, Application application, Call call, Actor actor) =>
        Evaluator(new StepContext(db, application, call, actor, workflow, time, workflows, forms, notifier));

    private GuardEvaluator Evaluator(StepContext context) =>
        (guard, ct) => steps.Guards[guard.Name].HoldsAsync(context, guard.Arguments, ct);

    private async Task AddHistoryAsync(Application application, string? from, string to, string trigger, Actor actor, string? comment,
        JsonElement? data, DateTimeOffset at, CancellationToken ct)
    {
        var known = KnownOf(application.Id);
        if (known is null)
        {
            // Not locked in this transaction: a new application, or SQLite.
            var isNew = db.Entry(application).State == EntityState.Added;
            var stored = isNew ? 0 : await db.WorkflowHistory.CountAsync(h => h.ApplicationId == application.Id, ct);
            var added = db.ChangeTracker.Entries<WorkflowHistoryEntry>()
                .Count(e => e.State == EntityState.Added && e.Entity.ApplicationId == application.Id);
            known = new Known(db.Database.CurrentTransaction, stored + added, pendingTimers: !isNew);
            _known[application.Id] = known;
        }
        db.WorkflowHistory.Add(new WorkflowHistoryEntry
        {
            Id = Guid.NewGuid(),
            ApplicationId = application.Id,
            Sequence = ++known.History,
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
        // The lock told whether the database holds any; once loaded they are tracked, so the next replacement finds them below.
        var known = applicationId is { } id ? KnownOf(id) : null;
        var pending = known is { PendingTimers: false }
            ? []
            : await db.WorkflowTimers
                .Where(t => t.Status == TimerStatus.Pending && (applicationId != null ? t.ApplicationId == applicationId : t.CallId == callId))
                .ToListAsync(ct);
        if (known is not null)
            known.PendingTimers = false;
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
