using BenchmarkDotNet.Running;
using YangFan.Benchmarks.Performance.Load;

namespace YangFan.Benchmarks.Performance;

public static class Program
{
    /// <summary><c>load [options]</c> runs the HTTP load run against PostgreSQL; anything else goes to BenchmarkDotNet.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["load", .. var options])
            return await LoadRun.RunAsync(options);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
