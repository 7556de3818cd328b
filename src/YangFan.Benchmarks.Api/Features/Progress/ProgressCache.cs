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
}

/// <summary>
/// The last progress answer, kept until an application changes in this process (<see cref="ApplicationChanges"/>)
/// or <see cref="ProgressOptions.CacheSeconds"/> pass. One request computes while concurrent ones wait for it,
/// so a burst of readers after a change costs one count over the applications, not one each.
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
        if (Fresh() is { } hit)
            return hit;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } computedMeanwhile)
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

    private IReadOnlyList<GetProgress.ProgrammeProgress>? Fresh() =>
        Volatile.Read(ref _entry) is { } entry && entry.Generation == changes.Generation
            && time.GetUtcNow() - entry.ComputedAt < TimeSpan.FromSeconds(options.CacheSeconds)
            ? entry.Value
            : null;
}
