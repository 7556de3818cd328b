using BenchmarkDotNet.Running;
using YangFan.Benchmarks.Performance.Load;

namespace YangFan.Benchmarks.Performance;

public static class Program
{
    /// <summary>
    /// <c>load [options]</c> runs the HTTP load run against PostgreSQL, <c>load-progress [options]</c> the progress run
    /// with concurrent writers, <c>load-listing [options]</c> the administrators' application listing at 10k, 100k and
    /// 300k applications; anything else goes to BenchmarkDotNet.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["load", .. var options])
            return await LoadRun.RunAsync(options);
        if (args is ["load-progress", .. var progressOptions])
            return await ProgressRun.RunAsync(progressOptions);
        if (args is ["load-listing", .. var listing])
            return await ListingRun.RunAsync(listing);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
