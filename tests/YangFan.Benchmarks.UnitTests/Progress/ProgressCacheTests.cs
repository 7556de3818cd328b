using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Progress;

namespace YangFan.Benchmarks.UnitTests.Progress;

public sealed class ProgressCacheTests
{
    [Fact]
    public async Task A_reader_waiting_on_a_computation_takes_its_answer_even_if_a_change_committed_meanwhile()
    {
        var changes = new ApplicationChanges();
        var cache = new ProgressCache(changes, new ProgressOptions(), TimeProvider.System);
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
}
