using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// The load run of docs/performance.md: a PostgreSQL server (a throw-away cluster, or <c>--postgres</c>), the API
/// built in this configuration started as its own process against it by the load host (the production host with the
/// floor endpoints added), 100,000 applications and a 10,000-entry
/// directory seeded, then each scenario driven in turn, in rounds, by <see cref="LoadClient"/>.
/// </summary>
public static class LoadRun
{
    private static void Log(string message) => LoadHarness.Log(message);

    private sealed record Options(int Connections, TimeSpan WarmUp, TimeSpan Duration, int Rounds, string? Postgres)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options(16, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15), 2, null),
            new("--connections", "N", (o, v) => o with { Connections = LoadOptions.Number(v) }),
            new("--warmup", "S", (o, v) => o with { WarmUp = LoadOptions.Seconds(v) }),
            new("--duration", "S", (o, v) => o with { Duration = LoadOptions.Seconds(v) }),
            new("--rounds", "N", (o, v) => o with { Rounds = LoadOptions.Number(v) }),
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        await using var harness = await LoadHarness.StartAsync(options.Postgres, options.Connections);
        var client = harness.Client;
        Log("seeding the load data");

        var seeding = Stopwatch.StartNew();
        var seeded = await LoadSeeder.SeedAsync(harness.ConnectionString, DateTimeOffset.UtcNow);
        Log($"seeded {seeded.Applications:N0} applications and a {seeded.DirectoryEntryCount:N0}-entry directory in {seeding.Elapsed.TotalSeconds:F0} s");

        var pages = seeded.DirectoryEntryCount / 50;
        string PageQuery(int i) => $"?page={1 + i * 37 % pages}&pageSize=50";
        var etags = new string[pages + 1];
        for (var p = 1; p <= pages; p++)
        {
            using var response = await client.GetAsync($"/api/directories/{seeded.DirectoryId}?page={p}&pageSize=50");
            response.EnsureSuccessStatusCode();
            etags[p] = response.Headers.ETag!.Tag;
        }
        await CheckSameBodyAsync(client, seeded.DirectoryId);
        var plan = await PagePlanAsync(harness.ConnectionString, seeded.DirectoryId, pages);

        Scenario[] scenarios =
        [
            new("GET /api/directories/{id} (page of 50)", i => new(HttpMethod.Get, $"/api/directories/{seeded.DirectoryId}{PageQuery(i)}"), HttpStatusCode.OK),
            new("floor: same SQL through Npgsql, JSON by hand", i => new(HttpMethod.Get, $"/floor/directories/{seeded.DirectoryId}{PageQuery(i)}"), HttpStatusCode.OK),
            new("GET /api/directories/{id} with matching If-None-Match", i =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/api/directories/{seeded.DirectoryId}{PageQuery(i)}");
                request.Headers.TryAddWithoutValidation("If-None-Match", etags[1 + i * 37 % pages]);
                return request;
            }, HttpStatusCode.NotModified),
            new("GET /api/progress", _ => new(HttpMethod.Get, "/api/progress"), HttpStatusCode.OK),
            new("floor: the progress count, uncached", _ => new(HttpMethod.Get, "/floor/progress"), HttpStatusCode.OK),
        ];

        var load = new LoadClient(client, options.Connections, harness.Cpu);
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var scenario in scenarios)
            {
                Log($"round {round}/{options.Rounds}: {scenario.Name}");
                await load.RunAsync(scenario, options.WarmUp, options.Duration);
            }
        }

        var results = scenarios.Select(s => load.Result(s.Name)).ToList();
        Report(options, seeded, results, LoadHarness.PeakWorkingSetMegabytes(harness.Process));
        Console.WriteLine();
        Console.WriteLine($"The page statement at the deepest offset, as PostgreSQL runs it:\n\n{plan}");
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    /// <summary>EXPLAIN ANALYZE of the page statement at the deepest offset, to show how the rows an OFFSET skips are read.</summary>
    private static async Task<string> PagePlanAsync(string connectionString, Guid directoryId, int pages)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand(
            """
            EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
            SELECT d."Id", d."ApplicationId", d."Batch", d."CreditCode", d."DirectoryId", d."OrganisationName", d."ProvinceCode", d."Revoked", d."RevokedAt", d."RevokedReason", d."SectorCode", d."Title"
            FROM "DirectoryEntries" AS d
            WHERE d."DirectoryId" = @id
            ORDER BY d."CreditCode", d."Id"
            LIMIT 50 OFFSET @offset
            """, connection);
        explain.Parameters.AddWithValue("id", directoryId);
        explain.Parameters.AddWithValue("offset", (pages - 1) * 50);
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                lines.Add("    " + reader.GetString(0));
        }
        await using var visibility = new NpgsqlCommand(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'DirectoryEntries'", connection);
        await using (var reader = await visibility.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            lines.Add($"    (table pages: {reader.GetInt32(0)}, all-visible: {reader.GetInt32(1)})");
        }
        return string.Join('\n', lines);
    }

    /// <summary>The API's page and the floor's must say the same thing, or the comparison means nothing.</summary>
    private static async Task CheckSameBodyAsync(HttpClient client, Guid directoryId)
    {
        var api = await client.GetFromJsonAsync<JsonElement>($"/api/directories/{directoryId}?page=7&pageSize=50");
        var floor = await client.GetFromJsonAsync<JsonElement>($"/floor/directories/{directoryId}?page=7&pageSize=50");
        static string Canonical(JsonElement e) => JsonSerializer.Serialize(e);
        if (Canonical(api) != Canonical(floor))
            throw new InvalidOperationException($"The floor's page differs from the API's:\n{Canonical(api)}\n{Canonical(floor)}");
    }

    private static void Report(Options options, LoadSeeder.Seeded seeded, IReadOnlyList<Measurement> results, double? peakMegabytes)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Load run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, {options.Connections} connections, " +
            $"{options.Rounds} rounds × {options.Duration.TotalSeconds:F0} s per scenario (after {options.WarmUp.TotalSeconds:F0} s warm-up each), " +
            $"{seeded.Applications:N0} applications, {seeded.DirectoryEntryCount:N0} directory entries");
        output.AppendLine();
        output.AppendLine("| Scenario | Requests | Errors | Throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | API CPU per request (ms) | PostgreSQL CPU per request (ms) |");
        output.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            output.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Requests:N0} | {r.Errors} | {r.Throughput:N0} | {r.P50:F2} | {r.P90:F2} | {r.P99:F2} | {r.Max:F1} | {r.ApiCpuPerRequest:F3} | {r.DatabaseCpuPerRequest:F3} |");
        output.AppendLine();
        var floor = results[1].Throughput;
        output.AppendLine(CultureInfo.InvariantCulture, $"- directory page / floor throughput: {results[0].Throughput / floor:F2}× (target ≥ 0.8×)");
        output.AppendLine(CultureInfo.InvariantCulture, $"- directory page with matching If-None-Match / floor: {results[2].Throughput / floor:F2}× (target ≥ 1×)");
        double Cpu(Measurement m) => m.ApiCpuPerRequest + m.DatabaseCpuPerRequest;
        output.AppendLine(CultureInfo.InvariantCulture, $"- directory page / floor, by CPU per request (API + PostgreSQL): {Cpu(results[1]) / Cpu(results[0]):F2}×");
        output.AppendLine(CultureInfo.InvariantCulture, $"- progress p99: {results[3].P99:F2} ms (target < 50 ms)");
        if (peakMegabytes is { } peak)
            output.AppendLine(CultureInfo.InvariantCulture, $"- API process peak resident memory: {peak:N0} MB");
        Console.WriteLine();
        Console.Write(output);
    }
}
