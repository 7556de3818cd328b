using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Progress;

/// <summary>
/// Folds the progress deltas into their buckets every <see cref="ProgressOptions.FoldSeconds"/>, so that a read adds
/// up the buckets and at most a few seconds of moves. Exactness never depends on it: a read counts the deltas not
/// folded yet, and a fold that fails leaves them for the next one.
/// </summary>
public sealed class ProgressFoldingService(IServiceScopeFactory scopes, ProgressOptions options, TimeProvider time, DatabaseOutage outage,
    ILogger<ProgressFoldingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.FoldSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await ProgressCounts.FoldAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DatabaseFailures.IsUnavailable(ex))
            {
                outage.Failed(ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Folding the progress counts failed; the deltas wait for the next pass");
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
