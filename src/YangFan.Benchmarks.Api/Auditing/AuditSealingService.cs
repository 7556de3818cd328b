using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Auditing;

/// <summary>
/// Seals the audit chain in the background: at start-up (events a crashed process committed but never sealed), when a
/// command that appended events commits, and at least every <see cref="SweepInterval"/>, which bounds how long an
/// event another process committed can wait if that process died before its own pass.
/// </summary>
public sealed class AuditSealingService(IServiceScopeFactory scopes, AuditSealer sealer, TimeProvider time, DatabaseOutage outage,
    ILogger<AuditSealingService> logger)
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
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
