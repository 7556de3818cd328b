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
}

/// <summary>
/// The last progress answer, kept until an application changes in this process (<see cref="ApplicationChanges"/>)
/// or <see cref="ProgressOptions.CacheSeconds"/> pass. One request computes while concurrent ones wait for it, and
/// a waiter takes the answer computed meanwhile if that computation started after the waiter arrived, even when
/// another change has moved the generation since: it is at least as new as what the waiter asked for. So a burst
/// of readers while writers commit costs one read of the maintained counts at a time, not one each in a queue.
/// </summary>
public sealed class ProgressCache(ApplicationChanges changes, ProgressOptions options, TimeProvider time)
{
    private sealed record Entry(long Generation, DateTimeOffset ComputedAt, IReadOnlyList<GetProgress.ProgrammeProgress> Value);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Entry? _entry;

    public async ValueTask<IReadOnlyList<GetProgress.ProgrammeProgress>> GetAsync(
        Func<CancellationToken, Task<IReadOnlyList<GetProgress.ProgrammeProgress>>> compute, CancellationToken ct)
    {
        if (options.CacheSeconds <= 0)
            return await compute(ct);
        var wanted = changes.Generation;
        if (Fresh(wanted) is { } hit)
            return hit;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(wanted) is { } computedMeanwhile)
                return computedMeanwhile;
            // Read before counting: a change committed during the count moves the generation and retires this answer.
            var generation = changes.Generation;
            var value = await compute(ct);
            Volatile.Write(ref _entry, new Entry(generation, time.GetUtcNow(), value));
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The cached answer if it was computed from generation <paramref name="wanted"/> or later, within the cache time.</summary>
    private IReadOnlyList<GetProgress.ProgrammeProgress>? Fresh(long wanted) =>
        Volatile.Read(ref _entry) is { } entry && entry.Generation >= wanted
            && time.GetUtcNow() - entry.ComputedAt < TimeSpan.FromSeconds(options.CacheSeconds)
            ? entry.Value
            : null;
}
