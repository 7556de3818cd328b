using BenchmarkDotNet.Running;

namespace YangFan.Benchmarks.Performance;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
