using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>Configuration section <c>Workflows</c>.</summary>
public sealed class WorkflowOptions
{
    /// <summary>Folder of the default definitions; defaults to the <c>workflows</c> folder beside the binaries.</summary>
    public string? Path { get; set; }

    public bool DispatcherEnabled { get; set; } = true;
    public int DispatchIntervalSeconds { get; set; } = 5;

    /// <summary>Attempts before a timer whose firing keeps failing is set aside as Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long idempotency keys are kept (at least 24 hours).</summary>
    public int IdempotencyRetentionHours { get; set; } = 48;
}

/// <summary>
/// Fires due timers, each exactly once, even with several API processes on one PostgreSQL: a timer is claimed, with
/// its application's or call's row locked first, inside the transaction that fires it. Timers that fell due while no
/// process ran fire at the next start.
/// </summary>
public sealed class TimerDispatcher(IServiceScopeFactory scopes, TimeProvider time, WorkflowOptions options, Telemetry.AppTelemetry telemetry,
    ILogger<TimerDispatcher> logger)
{
    // One pass at a time in this process: a pass asked for over HTTP (after the development clock moves) must not
    // answer while the background pass still holds a timer it claimed.
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>Fires every timer due now; returns how many fired.</summary>
    public Task<int> DispatchDueAsync(CancellationToken ct) => DispatchDueAfterAsync(() => Task.CompletedTask, ct);

    /// <summary>Runs <paramref name="first"/>, then a pass that fires every timer due; no other pass of this process runs in between.</summary>
    public async Task<int> DispatchDueAfterAsync(Func<Task> first, CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            await first();
            return await PassAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> PassAsync(CancellationToken ct)
    {
        var fired = 0;
        while (!ct.IsCancellationRequested)
        {
            var outcome = await DispatchOneAsync(ct);
            if (outcome is not { } firedOne)
                break;
            if (firedOne)
                fired++;
        }
        await PurgeIdempotencyKeysAsync(ct);
        return fired;
    }

    /// <summary>
    /// Claims and handles one due timer: whether it fired (not when the claim found it settled by another transaction
    /// while it waited); null when none is due.
    /// </summary>
    private async Task<bool?> DispatchOneAsync(CancellationToken ct)
    {
        Guid? claimedId = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            var now = time.GetUtcNow();

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (timer, raced) = await ClaimAsync(db, now, ct);
            if (raced)
                return false;
            if (timer is null)
                return null;
            claimedId = timer.Id;
            timer.Attempts++;
            telemetry.TimerDue(now - timer.DueAt);

            var system = Actor.System(AuditChannels.Timer);
            var (subjectType, subjectId, currentState, fire) = timer.CallId is { } callId
                ? await ForCallAsync(scope.ServiceProvider, db, callId, timer, system, ct)
                : await ForApplicationAsync(runtime, db, timer.ApplicationId!.Value, timer, system, ct);
            if (currentState != timer.State)
            {
                Complete(timer, TimerStatus.Skipped, $"The {subjectType.ToLowerInvariant()} had left '{timer.State}'.", now);
            }
            else
            {
                string? refused;
                try
                {
                    refused = (await fire()).Refusal?.Reason;
                }
                catch (ProblemException problem)
                {
                    // An effect or a lifecycle step refused what the transition would do (e.g. a province not set).
                    refused = problem.Detail ?? problem.Title;
                }
                if (refused is null)
                    Complete(timer, TimerStatus.Fired, $"Fired '{timer.Trigger}'.", now);
                else
                {
                    // The engine refused (e.g. a guard does not hold): the timer is spent, and says why.
                    Complete(timer, TimerStatus.Skipped, refused, now);
                    audit.Record("timer.refused", subjectType, subjectId, new { timer.Trigger, reason = refused },
                        null, WorkflowContract.SystemRole, AuditChannels.Timer);
                }
            }
            await db.SaveChangesAsync(ct);
            await audit.FlushAsync(ct);
            await transaction.CommitAsync(ct);
            telemetry.TimerCompleted(timer.Status == TimerStatus.Fired ? "fired" : "skipped");
            return timer.Status == TimerStatus.Fired;
        }
        // An outage is not the timer's fault: it stays pending without spending an attempt, and the pass stops.
        catch (Exception ex) when (ex is not OperationCanceledException && claimedId is { } id && !DatabaseFailures.IsUnavailable(ex))
        {
            logger.LogError(ex, "Timer {TimerId} failed to fire", id);
            telemetry.TimerCompleted("failed");
            await RecordFailureAsync(id, ex, ct);
            return false;
        }
    }

    private static async Task<(string, Guid, string, Func<Task<FireResult>>)> ForApplicationAsync(WorkflowRuntime runtime, AppDbContext db,
        Guid applicationId, WorkflowTimer timer, Actor system, CancellationToken ct)
    {
        var application = await db.Applications.FirstAsync(a => a.Id == applicationId, ct);
        return ("Application", application.Id, application.State,
            () => runtime.FireAsync(application, timer.Trigger, system, null, null, ct));
    }

    private static async Task<(string, Guid, string, Func<Task<FireResult>>)> ForCallAsync(IServiceProvider services, AppDbContext db,
        Guid callId, WorkflowTimer timer, Actor system, CancellationToken ct)
    {
        var call = await db.Calls.FirstAsync(c => c.Id == callId, ct);
        var lifecycle = services.GetRequiredService<CallLifecycle>();
        return ("Call", call.Id, call.Status, () => lifecycle.FireAsync(call, timer.Trigger, system, ct));
    }

    /// <summary>
    /// Claims the earliest due timer in the lock order every writer follows (docs/architecture.md, "Lock order"): its
    /// application's or call's row first, then the timer's. A transition of that application either finishes before
    /// the dispatcher gets the row, and then the timer is cancelled (raced), or starts after the timer fired; it never
    /// holds the application while the dispatcher holds the timer. Another dispatcher queues on the same row.
    /// </summary>
    private static async Task<(WorkflowTimer? Timer, bool Raced)> ClaimAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = db.WorkflowTimers.Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now).OrderBy(t => t.DueAt);
        // SQLite: the transaction began IMMEDIATE and holds the only write lock, so no one else can claim.
        if (db.Provider != DatabaseProvider.Postgres)
            return (await due.FirstOrDefaultAsync(ct), false);

        if (await due.AsNoTracking().Select(t => new { t.Id, t.ApplicationId, t.CallId }).FirstOrDefaultAsync(ct) is not { } next)
            return (null, false);
        if (next.CallId is { } callId)
            await db.LockRowAsync<Call>(callId, ct);
        else
            await db.LockRowAsync<Application>(next.ApplicationId!.Value, ct);
        var timer = await db.WorkflowTimers
            .FromSql($"""SELECT * FROM "WorkflowTimers" WHERE "Id" = {next.Id} AND "Status" = {nameof(TimerStatus.Pending)} FOR UPDATE""")
            .FirstOrDefaultAsync(ct);
        return (timer, timer is null);
    }

    private async Task RecordFailureAsync(Guid timerId, Exception error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var timer = await db.WorkflowTimers.FirstAsync(t => t.Id == timerId, ct);
        timer.Attempts++;
        timer.Outcome = error.Message.Length > 1000 ? error.Message[..1000] : error.Message;
        if (timer.Attempts >= options.MaxAttempts)
            Complete(timer, TimerStatus.Failed, timer.Outcome, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    private async Task PurgeIdempotencyKeysAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cutoff = time.GetUtcNow().AddHours(-Math.Max(24, options.IdempotencyRetentionHours));
        await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private static void Complete(WorkflowTimer timer, TimerStatus status, string outcome, DateTimeOffset at)
    {
        timer.Status = status;
        timer.Outcome = outcome;
        timer.CompletedAt = at;
    }
}

/// <summary>Runs the dispatcher at start-up (catching up on downtime) and then on an interval.</summary>
public sealed class TimerDispatcherService(TimerDispatcher dispatcher, WorkflowOptions options, TimeProvider time, DatabaseOutage outage,
    ILogger<TimerDispatcherService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !options.DispatcherEnabled
        ? Task.CompletedTask
        : BackgroundPasses.RunAsync(async ct =>
        {
            var fired = await dispatcher.DispatchDueAsync(ct);
            if (fired > 0)
                logger.LogInformation("Fired {Count} workflow timers", fired);
        }, TimeSpan.FromSeconds(options.DispatchIntervalSeconds), time, outage, logger, "Timer dispatch", stoppingToken);
}
