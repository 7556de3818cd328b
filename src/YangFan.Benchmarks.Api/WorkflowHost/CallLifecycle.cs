using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// A call's own states (Draft → Open → Closed → Finished) run on the same engine, from <c>workflows/call.json</c>,
/// with a durable timer that closes the call at its closing time.
/// </summary>
public sealed class CallLifecycle(AppDbContext db, WorkflowRuntime runtime, AuditTrail audit, TimeProvider time)
{
    public const string WorkflowKey = "call";

    public async Task<int> PublishedVersionAsync(string key, CancellationToken ct) =>
        await db.Workflows.Where(w => w.Key == key && w.Status == WorkflowVersionStatus.Published)
            .MaxAsync(w => (int?)w.Version, ct)
        ?? throw ProblemException.Conflict($"Workflow '{key}' has no published version.");

    /// <summary>Starts a new call in the lifecycle's initial state.</summary>
    public async Task StartAsync(Call call, Actor actor, CancellationToken ct)
    {
        call.LifecycleVersion = await PublishedVersionAsync(WorkflowKey, ct);
        var lifecycle = await runtime.CompiledAsync(WorkflowKey, call.LifecycleVersion, ct);
        call.Status = lifecycle.Initial;
        audit.Record("call.created", "Call", call.Id, new { call.ProgrammeKey, call.Year, call.Batch, call.TitleZh }, actor.Id, actor.Role, actor.Channel);
    }

    /// <summary>
    /// A 409 while the call is still in its lifecycle's initial state (a draft): nothing of it has been decided, so
    /// there is nothing to release or publish yet. The workflow says which state that is.
    /// </summary>
    public async Task RequireStartedAsync(Call call, string what, CancellationToken ct)
    {
        var lifecycle = await runtime.CompiledAsync(WorkflowKey, call.LifecycleVersion, ct);
        if (call.Status == lifecycle.Initial)
            throw ProblemException.Conflict($"The call has not been opened yet ({call.Status}); {what}.");
    }

    /// <summary>Fires a trigger of the call's lifecycle, after locking the call's row (the lock order of docs/architecture.md).</summary>
    public async Task FireAsync(Call call, string trigger, Actor actor, CancellationToken ct)
    {
        await db.LockAsync(call, ct);
        var lifecycle = await runtime.CompiledAsync(WorkflowKey, call.LifecycleVersion, ct);
        var decision = await lifecycle.DecideAsync(call.Status, trigger, actor.Role, hasComment: true,
            (_, _) => ValueTask.FromResult(false), ct);
        if (!decision.IsPermitted)
            throw WorkflowRuntime.Refusal(decision, call.Status, trigger, actor.Role);

        var now = time.GetUtcNow();
        var from = call.Status;
        call.Status = lifecycle.Fire(from, decision.Transition!);
        if (call.Status == CallStatus.Open)
        {
            if (call.ClosesAt <= now)
                throw ProblemException.Conflict($"The call's closing time {call.ClosesAt:u} has passed; change it before opening.");
            // Applications of this call follow the workflow version published now, whatever is published later.
            call.WorkflowVersion = await PublishedVersionAsync(call.WorkflowKey, ct);
        }

        foreach (var timer in await db.WorkflowTimers.Where(t => t.CallId == call.Id && t.Status == TimerStatus.Pending).ToListAsync(ct))
        {
            timer.Status = TimerStatus.Cancelled;
            timer.CompletedAt = now;
        }
        if (lifecycle.TimerDue(call.Status, now, anchor => anchor == WorkflowSteps.CallClosesAtAnchor ? call.ClosesAt : null) is { } due)
            db.WorkflowTimers.Add(new WorkflowTimer
            {
                Id = Guid.NewGuid(),
                CallId = call.Id,
                State = call.Status,
                Trigger = lifecycle.State(call.Status).Timer!.Trigger,
                DueAt = due,
                Status = TimerStatus.Pending,
                CreatedAt = now,
            });
        audit.Record($"call.{trigger}", "Call", call.Id, new { from, to = call.Status, call.WorkflowKey, call.WorkflowVersion },
            actor.Id, actor.Role, actor.Channel);
    }
}
