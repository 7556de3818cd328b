namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>The loop of a background worker that makes a pass now and then every interval (the timer dispatcher, the e-mail sender).</summary>
public static class BackgroundPasses
{
    /// <summary>
    /// Runs <paramref name="pass"/> until <paramref name="stoppingToken"/> ends, waiting <paramref name="interval"/> by
    /// <paramref name="time"/> between passes. A database that cannot be reached is one event of <paramref name="outage"/>,
    /// not a stack trace per pass; any other failure is logged and the next interval tries again.
    /// </summary>
    public static async Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider time, DatabaseOutage outage,
        ILogger logger, string what, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DatabaseFailures.IsUnavailable(ex))
            {
                outage.Failed(ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{What} failed; retrying at the next interval", what);
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
