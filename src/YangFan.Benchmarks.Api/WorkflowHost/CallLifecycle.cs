using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// A call's own states (Draft → Open → Closed → Finished) run on the same engine, from <c>workflows/call.json</c>,
/// with a durable timer that closes the call at its closing time.
/// </summary>
public sealed class CallLifecycle(AppDbContext db, WorkflowRuntime runtime, FormHost.FormLibrary forms, AuditTrail audit, TimeProvider time)
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

    /// <summary>
    /// Fires a trigger of the call's lifecycle through the runtime. Entering the state tagged accepting-applications
    /// pins the workflow version its applications will follow and the form version they are filled in on (unless one
    /// was chosen), and needs a closing time still ahead.
    /// </summary>
    public Task<FireResult> FireAsync(Call call, string trigger, Actor actor, CancellationToken ct) =>
        runtime.FireCallAsync(call, trigger, actor, async lifecycle =>
        {
            if (!lifecycle.HasTag(call.Status, StateTags.AcceptingApplications))
                return;
            if (call.ClosesAt <= time.GetUtcNow())
                throw ProblemException.Conflict($"The call's closing time {call.ClosesAt:u} has passed; change it before opening.",
                    ProblemTypes.CallClosingTimePassed);
            // Applications of this call follow the workflow version published now, whatever is published later.
            call.WorkflowVersion = await PublishedVersionAsync(call.WorkflowKey, ct);
            // So does the form: a version published while the call runs is for the calls that open after it.
            call.FormVersion ??= await forms.LatestPublishedAsync(call.FormKey, ct);
        }, ct);

    /// <summary>Opens a call: fires the trigger that leads from its state into the one accepting applications.</summary>
    public async Task OpenAsync(Call call, Actor actor, CancellationToken ct)
    {
        var lifecycle = await runtime.CompiledAsync(WorkflowKey, call.LifecycleVersion, ct);
        var open = lifecycle.TransitionsFrom(call.Status).First(t => lifecycle.HasTag(t.To, StateTags.AcceptingApplications));
        (await FireAsync(call, open.Trigger, actor, ct)).ThrowIfRefused();
    }
}
