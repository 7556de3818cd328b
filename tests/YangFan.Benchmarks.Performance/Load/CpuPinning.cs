using System.Diagnostics;
using System.Globalization;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// Gives PostgreSQL and the API cores of their own, as a deployment on two machines (or two sets of cores) would:
/// the lower half of the cores to the cluster (its postmaster, the backends it has, and through inheritance every
/// backend it forks later, pgbench's included), the upper half to the API process and to this run (its load clients
/// and the pgbench it starts). On one shared set of cores the slower side's CPU decides both sides' throughput;
/// pinned, each side is limited by its own cores.
/// </summary>
public static class CpuPinning
{
    private static (string Database, string Api) Cores()
    {
        var count = Environment.ProcessorCount;
        if (count < 2)
            throw new InvalidOperationException("--pin needs at least two cores.");
        var half = count / 2;
        return (Range(0, half), Range(half, count));
    }

    private static string Range(int from, int to) => to - from == 1 ? $"{from}" : $"{from}-{to - 1}";

    public static string Describe()
    {
        var (database, api) = Cores();
        return $"pinned: PostgreSQL on core(s) {database}, the API, the load clients and pgbench on core(s) {api}";
    }

    /// <summary>Pins the cluster and the API (all their threads), and this process.</summary>
    public static async Task<string> SplitAsync(int postmaster, int api)
    {
        var (database, rest) = Cores();
        foreach (var pid in new[] { postmaster }.Concat(LoadHarness.Children(postmaster)))
            await TasksetAsync(database, pid);
        await TasksetAsync(rest, api);
        await TasksetAsync(rest, Environment.ProcessId);
        return Describe();
    }

    private static async Task TasksetAsync(string cores, int pid)
    {
        var start = new ProcessStartInfo("taskset", ["--all-tasks", "--cpu-list", "--pid", cores, pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("taskset could not be started.");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"taskset {cores} {pid} failed: {error}");
    }
}
