using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// <c>load-directory-pages</c>: a directory version's page of 50 entries as HTML (<c>/directories/{id}?page=N</c>)
/// against the JSON endpoint it mirrors (<c>/api/directories/{id}?page=N&amp;pageSize=50</c>), in the same run on the
/// same API process, each also with a matching If-None-Match. Around each scenario it reads PostgreSQL's own counters:
/// the scans of the directory tables (which only a directory read makes) and the commits of the database, so the 304
/// path is shown not to touch the database.
/// </summary>
public static class DirectoryPagesRun
{
    private static void Log(string message) => LoadHarness.Log(message);

    private sealed record Options(int Connections, TimeSpan WarmUp, TimeSpan Duration, int Rounds, int Applications, string? Postgres)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options(16, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), 2, 40_000, null),
            new("--connections", "N", (o, v) => o with { Connections = LoadOptions.Number(v) }),
            new("--warmup", "S", (o, v) => o with { WarmUp = LoadOptions.Seconds(v) }),
            new("--duration", "S", (o, v) => o with { Duration = LoadOptions.Seconds(v) }),
            new("--rounds", "N", (o, v) => o with { Rounds = LoadOptions.Number(v) }),
            new("--applications", "N", (o, v) => o with { Applications = LoadOptions.Number(v) }),
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    /// <summary>PostgreSQL's counters: scans of Directories and DirectoryEntries (sequential and index), and the database's commits.</summary>
    private sealed record Counters(long DirectoryScans, long Commits)
    {
        public static Counters operator -(Counters a, Counters b) => new(a.DirectoryScans - b.DirectoryScans, a.Commits - b.Commits);

        public static Counters operator +(Counters a, Counters b) => new(a.DirectoryScans + b.DirectoryScans, a.Commits + b.Commits);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        await using var harness = await LoadHarness.StartAsync(options.Postgres, options.Connections);
        var client = harness.Client;
        Log("seeding the load data");
        var seeding = Stopwatch.StartNew();
        var seeded = await LoadSeeder.SeedAsync(harness.ConnectionString, DateTimeOffset.UtcNow, options.Applications);
        Log($"seeded {seeded.Applications:N0} applications and a {seeded.DirectoryEntryCount:N0}-entry directory in {seeding.Elapsed.TotalSeconds:F0} s");

        var id = seeded.DirectoryId;
        var pages = seeded.DirectoryEntryCount / 50;
        int PageOf(int i) => 1 + i * 37 % pages;
        string Json(int page) => $"/api/directories/{id}?page={page}&pageSize=50";
        string Html(int page) => $"/directories/{id}?page={page}";
        var jsonTags = new string[pages + 1];
        var htmlTags = new string[pages + 1];
        for (var p = 1; p <= pages; p++)
        {
            jsonTags[p] = await ETagAsync(client, Json(p));
            htmlTags[p] = await ETagAsync(client, Html(p));
        }
        await CheckSamePageAsync(client, id);

        HttpRequestMessage Conditional(string path, string etag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            return request;
        }

        Scenario[] scenarios =
        [
            new("JSON: GET /api/directories/{id} (page of 50)", i => new(HttpMethod.Get, Json(PageOf(i))), HttpStatusCode.OK),
            new("HTML: GET /directories/{id} (page of 50)", i => new(HttpMethod.Get, Html(PageOf(i))), HttpStatusCode.OK),
            new("JSON with matching If-None-Match", i => Conditional(Json(PageOf(i)), jsonTags[PageOf(i)]), HttpStatusCode.NotModified),
            new("HTML with matching If-None-Match", i => Conditional(Html(PageOf(i)), htmlTags[PageOf(i)]), HttpStatusCode.NotModified),
        ];

        var load = new LoadClient(client, options.Connections, harness.Cpu);
        var counted = new Dictionary<string, Counters>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var scenario in scenarios)
            {
                Log($"round {round}/{options.Rounds}: {scenario.Name}");
                var before = await CountersAsync(harness.ConnectionString);
                await load.RunAsync(scenario, options.WarmUp, options.Duration);
                // A backend reports its counters when idle, at most once a second and at the latest after 10 s.
                await Task.Delay(TimeSpan.FromSeconds(11));
                var after = await CountersAsync(harness.ConnectionString);
                counted[scenario.Name] = counted.GetValueOrDefault(scenario.Name, new Counters(0, 0)) + (after - before);
            }
        }

        var results = scenarios.Select(s => load.Result(s.Name)).ToList();
        Report(options, seeded, results, counted);
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static async Task<string> ETagAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException($"{path} has no ETag.");
    }

    /// <summary>The HTML page must show the same 50 entries as the JSON page, or the comparison means nothing.</summary>
    private static async Task CheckSamePageAsync(HttpClient client, Guid id)
    {
        var json = await client.GetStringAsync($"/api/directories/{id}?page=7&pageSize=50");
        var html = await client.GetStringAsync($"/directories/{id}?page=7");
        var codes = System.Text.RegularExpressions.Regex.Matches(json, "\"creditCode\":\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        if (codes.Count != 50 || codes.Any(c => !html.Contains($"<td>{c}</td>", StringComparison.Ordinal)))
            throw new InvalidOperationException("The HTML page does not show the JSON page's 50 entries.");
    }

    private static async Task<Counters> CountersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::bigint FROM pg_stat_user_tables
                    WHERE relname IN ('Directories', 'DirectoryEntries')),
                   (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counters(reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void Report(Options options, LoadSeeder.Seeded seeded, IReadOnlyList<Measurement> results, Dictionary<string, Counters> counted)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Directory pages run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, {options.Connections} connections, " +
            $"{options.Rounds} rounds × {options.Duration.TotalSeconds:F0} s per scenario (after {options.WarmUp.TotalSeconds:F0} s warm-up each), " +
            $"a {seeded.DirectoryEntryCount:N0}-entry directory among {seeded.Applications:N0} applications");
        output.AppendLine();
        output.AppendLine("| Scenario | Requests | Errors | Throughput (req/s) | p50 (ms) | p99 (ms) | API CPU per request (ms) | PostgreSQL CPU per request (ms) | directory table scans | commits |");
        output.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var c = counted[r.Scenario];
            output.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Requests:N0} | {r.Errors} | {r.Throughput:N0} | {r.P50:F2} | {r.P99:F2} | {r.ApiCpuPerRequest:F3} | {r.DatabaseCpuPerRequest:F3} | {c.DirectoryScans:N0} | {c.Commits:N0} |");
        }
        output.AppendLine();
        output.AppendLine(CultureInfo.InvariantCulture, $"- HTML page / JSON page throughput: {results[1].Throughput / results[0].Throughput:F2}× (target ≥ 0.8×)");
        double Cpu(Measurement m) => m.ApiCpuPerRequest + m.DatabaseCpuPerRequest;
        output.AppendLine(CultureInfo.InvariantCulture, $"- HTML page / JSON page by CPU per request (API + PostgreSQL): {Cpu(results[0]) / Cpu(results[1]):F2}×");
        output.AppendLine(CultureInfo.InvariantCulture, $"- HTML 304 / JSON 304 throughput: {results[3].Throughput / results[2].Throughput:F2}×; HTML 304 / HTML page: {results[3].Throughput / results[1].Throughput:F1}×");
        output.AppendLine(CultureInfo.InvariantCulture, $"- directory table scans during the HTML 304 scenario: {counted[results[3].Scenario].DirectoryScans} (the commits counted are the API's background services and this run's own counter reads)");
        Console.WriteLine();
        Console.Write(output);
    }
}
