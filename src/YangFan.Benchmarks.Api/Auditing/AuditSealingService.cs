using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Auditing;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// How long a nudged pass waits before it runs (milliseconds), so that the events of the commits arriving meanwhile
    /// are sealed in the same pass: one pass costs the same seven statements whether it seals one event or fifty. Readers
    /// of the chain seal first, so no answer waits for it. 0 runs a pass as soon as it is nudged.
    /// </summary>
    public int SealDelayMilliseconds { get; set; } = 20;
}

/// <summary>
/// Seals the audit chain in the background: at start-up (events a crashed process committed but never sealed), when a
/// command that appended events commits (after <see cref="AuditOptions.SealDelayMilliseconds"/>, to seal the commits of
/// that moment together), and at least every <see cref="SweepInterval"/>, which bounds how long an
/// event another process committed can wait if that process died before its own pass.
/// </summary>
public sealed class AuditSealingService(IServiceScopeFactory scopes, AuditSealer sealer, AuditOptions options, TimeProvider time,
    DatabaseOutage outage, ILogger<AuditSealingService> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await AuditSealer.SealAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DatabaseFailures.IsUnavailable(ex))
            {
                outage.Failed(ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sealing the audit chain failed; retrying at the next pass");
            }
            try
            {
                await sealer.WaitForNudgeAsync(SweepInterval, time, stoppingToken);
                if (options.SealDelayMilliseconds > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(options.SealDelayMilliseconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
