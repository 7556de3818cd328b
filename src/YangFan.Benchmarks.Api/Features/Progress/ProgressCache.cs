using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Progress;

/// <summary>Configuration section <c>Progress</c>.</summary>
public sealed class ProgressOptions
{
    /// <summary>
    /// How long a computed answer may serve requests while this process changes no application. A change made
    /// through this process is seen at once; one made through another process sharing the database, within this
    /// time. 0 computes every request.
    /// </summary>
    public int CacheSeconds { get; set; } = 5;

    /// <summary>
    /// How often the moves the database recorded since the last fold are added to their buckets (seconds). Counts are
    /// exact at any setting; folding often keeps what a read adds up small.
    /// </summary>
    public double FoldSeconds { get; set; } = 1;

    /// <summary>
    /// Whether a read that finds the answer outdated by a change (within <see cref="CacheSeconds"/>) takes the previous
    /// answer at once while one computation of the new one runs in the background, instead of waiting for it. The
    /// public figures then trail a change by the length of one computation (a few milliseconds), and no reader ever
    /// queues behind the database while writers keep it busy. False: a change made through this process is seen by the
    /// very next read (the integration tests run so, to compare counts right after each move).
    /// </summary>
    public bool ServeStaleWhileRefreshing { get; set; } = true;
}

/// <summary>
/// The last progress answer, kept until an application changes in this process (<see cref="ApplicationChanges"/>)
/// or <see cref="ProgressOptions.CacheSeconds"/> pass. One computation runs at a time. With
/// <see cref="ProgressOptions.ServeStaleWhileRefreshing"/>, a reader that finds the answer outdated by a change takes
/// it at once and leaves a computation running in the background (in a scope of its own: the request may end first);
/// only a reader with no answer younger than the cache time waits. Otherwise concurrent readers wait for the one
/// computation, and a waiter takes the answer computed meanwhile if that computation started after the waiter
/// arrived, even when another change has moved the generation since: it is at least as new as what the waiter asked
/// for. Either way a burst of readers while writers commit costs one read of the maintained counts at a time.
/// </summary>
public sealed class ProgressCache(ApplicationChanges changes, ProgressOptions options, TimeProvider time, ILogger<ProgressCache>? log = null)
{
    private sealed record Entry(long Generation, DateTimeOffset ComputedAt, IReadOnlyList<GetProgress.ProgrammeProgress> Value);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Entry? _entry;

    /// <param name="compute">Computes the answer for a reader that waits, in its request's scope.</param>
    /// <param name="ct">Cancels a reader's wait; a background refresh is never cancelled by the request that started it.</param>
    /// <param name="detached">Computes it in a scope of its own, for a refresh that may outlive the request; <paramref name="compute"/> if null.</param>
    public async ValueTask<IReadOnlyList<GetProgress.ProgrammeProgress>> GetAsync(
        Func<CancellationToken, Task<IReadOnlyList<GetProgress.ProgrammeProgress>>> compute, CancellationToken ct,
        Func<CancellationToken, Task<IReadOnlyList<GetProgress.ProgrammeProgress>>>? detached = null)
    {
        if (options.CacheSeconds <= 0)
            return await compute(ct);
        var wanted = changes.Generation;
        if (Fresh(wanted) is { } hit)
            return hit;
        if (options.ServeStaleWhileRefreshing && Recent() is { } previous)
        {
            if (_gate.Wait(0))
                _ = RefreshAsync(detached ?? compute);
            return previous;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(wanted) is { } computedMeanwhile)
                return computedMeanwhile;
            return await ComputeHoldingGateAsync(compute, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Computes in the background, holding the gate taken by the caller; a failure leaves the previous answer.</summary>
    private async Task RefreshAsync(Func<CancellationToken, Task<IReadOnlyList<GetProgress.ProgrammeProgress>>> compute)
    {
        try
        {
            await Task.Yield();
            await ComputeHoldingGateAsync(compute, CancellationToken.None);
        }
        catch (Exception e)
        {
            log?.LogWarning(e, "Refreshing the progress answer failed; the previous answer stays until the next read tries again.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<GetProgress.ProgrammeProgress>> ComputeHoldingGateAsync(
        Func<CancellationToken, Task<IReadOnlyList<GetProgress.ProgrammeProgress>>> compute, CancellationToken ct)
    {
        // Read before counting: a change committed during the count moves the generation and retires this answer.
        var generation = changes.Generation;
        var value = await compute(ct);
        Volatile.Write(ref _entry, new Entry(generation, time.GetUtcNow(), value));
        return value;
    }

    /// <summary>The cached answer if it was computed from generation <paramref name="wanted"/> or later, within the cache time.</summary>
    private IReadOnlyList<GetProgress.ProgrammeProgress>? Fresh(long wanted) =>
        Volatile.Read(ref _entry) is { } entry && entry.Generation >= wanted && Young(entry) ? entry.Value : null;

    /// <summary>The cached answer, whatever changed since, if it is within the cache time.</summary>
    private IReadOnlyList<GetProgress.ProgrammeProgress>? Recent() => Volatile.Read(ref _entry) is { } entry && Young(entry) ? entry.Value : null;

    private bool Young(Entry entry) => time.GetUtcNow() - entry.ComputedAt < TimeSpan.FromSeconds(options.CacheSeconds);
}
