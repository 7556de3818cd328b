using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Progress;

namespace YangFan.Benchmarks.UnitTests.Progress;

public sealed class ProgressCacheTests
{
    [Fact]
    public async Task A_reader_waiting_on_a_computation_takes_its_answer_even_if_a_change_committed_meanwhile()
    {
        var changes = new ApplicationChanges();
        var cache = new ProgressCache(changes, new ProgressOptions { ServeStaleWhileRefreshing = false }, TimeProvider.System);
        var computations = 0;
        var release = new TaskCompletionSource();
        async Task<IReadOnlyList<GetProgress.ProgrammeProgress>> ComputeAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref computations);
            await release.Task;
            return [];
        }

        var first = cache.GetAsync(ComputeAsync, CancellationToken.None).AsTask();
        var waiting = cache.GetAsync(ComputeAsync, CancellationToken.None).AsTask();
        // A writer commits while the first computation runs: the waiting reader arrived before it, so the answer
        // being computed is as new as what it asked for.
        changes.Bump();
        release.SetResult();
        await Task.WhenAll(first, waiting);

        Assert.Equal(1, computations);
        // A reader arriving after the change does not get the older answer.
        await cache.GetAsync(ComputeAsync, CancellationToken.None);
        Assert.Equal(2, computations);
    }

    [Fact]
    public async Task Serving_stale_a_reader_after_a_change_takes_the_previous_answer_while_one_refresh_runs_in_the_background()
    {
        var changes = new ApplicationChanges();
        var cache = new ProgressCache(changes, new ProgressOptions(), TimeProvider.System);
        IReadOnlyList<GetProgress.ProgrammeProgress> before = [Programme("before")], after = [Programme("after")];
        var refreshes = 0;
        var release = new TaskCompletionSource();
        Task<IReadOnlyList<GetProgress.ProgrammeProgress>> Cold(CancellationToken ct) => Task.FromResult(before);
        Task<IReadOnlyList<GetProgress.ProgrammeProgress>> Waited(CancellationToken ct) => throw new InvalidOperationException("No reader should wait.");
        async Task<IReadOnlyList<GetProgress.ProgrammeProgress>> Detached(CancellationToken ct)
        {
            Interlocked.Increment(ref refreshes);
            await release.Task;
            return after;
        }

        // No answer yet: the first reader waits for one.
        Assert.Same(before, await cache.GetAsync(Cold, CancellationToken.None));
        changes.Bump();
        // Outdated by the change: readers take the previous answer at once, and only one refresh starts (the first
        // stale reader takes the gate before the refresh runs on the thread pool; it holds it until release).
        Assert.Same(before, await cache.GetAsync(Waited, CancellationToken.None, Detached));
        Assert.Same(before, await cache.GetAsync(Waited, CancellationToken.None, Detached));
        await UntilAsync(() => Task.FromResult(Volatile.Read(ref refreshes) > 0));
        Assert.Same(before, await cache.GetAsync(Waited, CancellationToken.None, Detached));
        Assert.Equal(1, Volatile.Read(ref refreshes));

        release.SetResult();
        Assert.Same(after, await ReadUntilAsync(() => cache.GetAsync(Waited, CancellationToken.None, Detached), after));
        Assert.Equal(1, refreshes);
    }

    [Fact]
    public async Task Serving_stale_a_failed_refresh_keeps_the_previous_answer_and_the_next_reader_tries_again()
    {
        var changes = new ApplicationChanges();
        var cache = new ProgressCache(changes, new ProgressOptions(), TimeProvider.System);
        IReadOnlyList<GetProgress.ProgrammeProgress> before = [Programme("before")], after = [Programme("after")];
        var attempts = 0;
        Task<IReadOnlyList<GetProgress.ProgrammeProgress>> Detached(CancellationToken ct) =>
            Interlocked.Increment(ref attempts) == 1 ? Task.FromException<IReadOnlyList<GetProgress.ProgrammeProgress>>(new TimeoutException("database")) : Task.FromResult(after);

        Assert.Same(before, await cache.GetAsync(_ => Task.FromResult(before), CancellationToken.None));
        changes.Bump();
        Assert.Same(after, await ReadUntilAsync(() => cache.GetAsync(_ => Task.FromResult(before), CancellationToken.None, Detached), after));
        Assert.True(attempts >= 2);
    }

    /// <summary>Reads until the background refresh has delivered <paramref name="expected"/>, or 10 s pass; returns the last answer.</summary>
    private static async Task<IReadOnlyList<GetProgress.ProgrammeProgress>> ReadUntilAsync(
        Func<ValueTask<IReadOnlyList<GetProgress.ProgrammeProgress>>> read, IReadOnlyList<GetProgress.ProgrammeProgress> expected)
    {
        IReadOnlyList<GetProgress.ProgrammeProgress> seen = [];
        await UntilAsync(async () => (seen = await read()) == expected);
        return seen;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or 10 s pass.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition() && DateTime.UtcNow < deadline)
            await Task.Delay(10);
    }

    private static GetProgress.ProgrammeProgress Programme(string key) =>
        new(key, key, key, "programme", new GetProgress.TargetProgress(0, 0, 0, null, null, null, "no-target", new Dictionary<string, int>()), []);
}
