using System.Diagnostics;
using System.Net;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>One kind of request the load run sends: the i-th request of a run is <c>Request(i)</c>.</summary>
public sealed record Scenario(string Name, Func<int, HttpRequestMessage> Request, HttpStatusCode Expected);

/// <summary>What a scenario measured over all its rounds.</summary>
public sealed record Measurement(string Scenario, long Requests, long Errors, double Seconds, double P50, double P90, double P99, double Max,
    double ApiCpuSeconds, double DatabaseCpuSeconds)
{
    public double Throughput => Requests / Seconds;

    /// <summary>CPU time the API process spent per request, in milliseconds: unlike throughput, not skewed by other load on the machine.</summary>
    public double ApiCpuPerRequest => ApiCpuSeconds * 1000 / Requests;

    public double DatabaseCpuPerRequest => DatabaseCpuSeconds * 1000 / Requests;
}

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each sending its next request as soon as the last
/// response has been read to the end. Latency is measured per request with the monotonic clock.
/// </summary>
public sealed class LoadClient(HttpClient client, int connections, Func<(double Api, double Database)> cpu)
{
    private readonly Dictionary<string, List<double>> _latencies = [];
    private readonly Dictionary<string, (long Errors, double Seconds, double Api, double Database)> _totals = [];

    /// <summary>Runs the scenario for a warm-up (not recorded), then for the duration, adding to its measurement.</summary>
    public async Task RunAsync(Scenario scenario, TimeSpan warmUp, TimeSpan duration)
    {
        await LoopAsync(scenario, warmUp, record: null);
        var recorded = new List<double>[connections];
        var before = cpu();
        var elapsed = await LoopAsync(scenario, duration, recorded);
        var after = cpu();
        var latencies = _latencies.TryGetValue(scenario.Name, out var list) ? list : _latencies[scenario.Name] = [];
        foreach (var worker in recorded)
            latencies.AddRange(worker.Where(l => l >= 0));
        var errors = recorded.Sum(worker => worker.Count(l => l < 0));
        var (e, s, a, d) = _totals.GetValueOrDefault(scenario.Name);
        _totals[scenario.Name] = (e + errors, s + elapsed.TotalSeconds, a + after.Api - before.Api, d + after.Database - before.Database);
    }

    public Measurement Result(string scenario)
    {
        var latencies = _latencies[scenario].Order().ToArray();
        var (errors, seconds, api, database) = _totals[scenario];
        double At(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        return new Measurement(scenario, latencies.Length + errors, errors, seconds, At(0.50), At(0.90), At(0.99), latencies.LastOrDefault(),
            api, database);
    }

    /// <summary>Returns the time the loop ran; <paramref name="record"/> receives milliseconds, or -1 for a wrong status.</summary>
    private async Task<TimeSpan> LoopAsync(Scenario scenario, TimeSpan length, List<double>[]? record)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, connections).Select(async w =>
        {
            var mine = new List<double>(65_536);
            if (record is not null)
                record[w] = mine;
            while (clock.Elapsed < length)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = scenario.Request(Interlocked.Increment(ref next));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                mine.Add(response.StatusCode == scenario.Expected ? milliseconds : -1);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }
}
