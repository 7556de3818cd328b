using BenchmarkDotNet.Running;
using YangFan.Benchmarks.Performance.Load;

namespace YangFan.Benchmarks.Performance;

public static class Program
{
    /// <summary>
    /// <c>load [options]</c> runs the HTTP load run against PostgreSQL; <c>load-progress</c>, <c>load-writes</c>,
    /// <c>load-ranking</c> and <c>load-listing</c> the runs of issue 12, <c>page-weights</c> the public pages' weight and first render in Chromium
    /// and <c>load-directory-pages</c> the directory page against its JSON (issue 13; docs/performance.md); anything else goes to
    /// BenchmarkDotNet.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args);
        }
        catch (Exception) when (LoadHarness.Signalled)
        {
            return await LoadHarness.StoppedBySignal;
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        if (args is ["load", .. var options])
            return await LoadRun.RunAsync(options);
        if (args is ["load-progress", .. var progressOptions])
            return await ProgressRun.RunAsync(progressOptions);
        if (args is ["load-writes", .. var writeOptions])
            return await WriteRun.RunAsync(writeOptions);
        if (args is ["load-ranking", .. var rankingOptions])
            return await RankingRun.RunAsync(rankingOptions);
        if (args is ["load-listing", .. var listing])
            return await ListingRun.RunAsync(listing);
        if (args is ["page-weights", .. var pageOptions])
            return await PageWeightRun.RunAsync(pageOptions);
        if (args is ["load-directory-pages", .. var directoryPages])
            return await DirectoryPagesRun.RunAsync(directoryPages);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
