using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// <c>load-progress</c>: GET /api/progress against the counts the database maintains (ADR 0021), at each size asked
/// for: alone, and while writers fire transitions that move applications between counted buckets, each beside the
/// floor (the uncached recount through Npgsql, <c>/floor/progress</c>). Each size gets its own database and API
/// process (<see cref="LoadHarness"/>), seeded by <see cref="LoadSeeder"/>.
/// </summary>
public static class ProgressRun
{
    private const string AdminEmail = "load-admin@yangfan.cn";
    private const string AdminPassword = "Load-Admin-Passw0rd";

    private static void Log(string message) => LoadHarness.Log(message);

    private sealed record Options(int[] Sizes, int Readers, int Writers, TimeSpan WarmUp, TimeSpan Duration, string? Postgres)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options([10_000, 100_000, 300_000], 2, 8, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), null),
            new("--sizes", "10000,100000,300000", (o, v) => o with { Sizes = LoadOptions.Numbers(v) }),
            new("--readers", "N", (o, v) => o with { Readers = LoadOptions.Number(v) }),
            new("--writers", "N", (o, v) => o with { Writers = LoadOptions.Number(v) }),
            new("--warmup", "S", (o, v) => o with { WarmUp = LoadOptions.Seconds(v) }),
            new("--duration", "S", (o, v) => o with { Duration = LoadOptions.Seconds(v) }),
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    /// <summary>One size's results: the four scenarios and what the writers did meanwhile.</summary>
    private sealed record SizeResult(int Applications, IReadOnlyList<Measurement> Scenarios, IReadOnlyList<(long Moves, long Errors, double Seconds)> Writes,
        bool ConsistentBefore, bool ConsistentAfter, (double Median, double Max) Maintained, (double Median, double Max) MaintainedWhileWriting,
        (double Median, double Max) Recount, long DeltasWhileWriting);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var results = new List<SizeResult>();
        foreach (var size in options.Sizes)
            results.Add(await RunSizeAsync(options, size));
        Report(options, results);
        return results.Any(r => !r.ConsistentBefore || !r.ConsistentAfter || r.Scenarios.Any(s => s.Errors > 0) || r.Writes.Any(w => w.Errors > 0)) ? 1 : 0;
    }

    private static async Task<SizeResult> RunSizeAsync(Options options, int size)
    {
        await using var harness = await LoadHarness.StartAsync(options.Postgres, options.Readers, new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = AdminPassword,
        });
        Log($"seeding {size:N0} applications");
        var seeding = Stopwatch.StartNew();
        await LoadSeeder.SeedAsync(harness.ConnectionString, DateTimeOffset.UtcNow, size);
        Log($"seeded in {seeding.Elapsed.TotalSeconds:F0} s");

        using var writerClient = new HttpClient { BaseAddress = harness.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var token = await TokenAsync(writerClient);
        writerClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var consistentBefore = await ConsistentAsync(writerClient);
        Log($"maintained counts equal a recount after seeding: {consistentBefore}");
        var targets = await DeliberatingAsync(harness.ConnectionString, options.Writers * 4);
        // Each writer keeps its applications and their versions from one phase to the next.
        var writerTargets = Enumerable.Range(0, options.Writers).Select(w => targets.Where((_, i) => i % options.Writers == w).ToList()).ToArray();
        var writerStaged = writerTargets.Select(t => new bool[t.Count]).ToArray();

        Scenario api = new("GET /api/progress", _ => new(HttpMethod.Get, "/api/progress"), HttpStatusCode.OK);
        Scenario floor = new("floor: the recount, uncached", _ => new(HttpMethod.Get, "/floor/progress"), HttpStatusCode.OK);
        var load = new LoadClient(harness.Client, options.Readers, harness.Cpu);
        var writes = new List<(long, long, double)>();
        var maintained = await ExecutionMillisecondsAsync(harness.ConnectionString, MaintainedSql);
        var recount = await ExecutionMillisecondsAsync(harness.ConnectionString, RecountSql);
        (double, double) maintainedWhileWriting = default;
        long deltas = 0;
        foreach (var (scenario, name) in new[] { (api, "alone"), (floor, "alone"), (api, $"{options.Writers} writers"), (floor, $"{options.Writers} writers") })
        {
            var named = scenario with { Name = $"{scenario.Name}, {name}" };
            Log($"{size:N0}: {named.Name}");
            if (name == "alone")
            {
                await load.RunAsync(named, options.WarmUp, options.Duration);
                continue;
            }
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, options.Writers)
                .Select(w => WriteAsync(writerClient, writerTargets[w], writerStaged[w], stop.Token)).ToArray();
            var clock = Stopwatch.StartNew();
            await load.RunAsync(named, options.WarmUp, options.Duration);
            if (scenario == api)
            {
                maintainedWhileWriting = await ExecutionMillisecondsAsync(harness.ConnectionString, MaintainedSql);
                deltas = await CountDeltasAsync(harness.ConnectionString);
            }
            await stop.CancelAsync();
            var done = await Task.WhenAll(writers);
            writes.Add((done.Sum(d => d.Moves), done.Sum(d => d.Errors), clock.Elapsed.TotalSeconds));
        }
        var consistentAfter = await ConsistentAsync(writerClient);
        Log($"maintained counts equal a recount after the writes: {consistentAfter}");
        return new SizeResult(size, [load.Result($"{api.Name}, alone"), load.Result($"{floor.Name}, alone"),
            load.Result($"{api.Name}, {options.Writers} writers"), load.Result($"{floor.Name}, {options.Writers} writers")], writes, consistentBefore, consistentAfter,
            maintained, maintainedWhileWriting, recount, deltas);
    }

    /// <summary>
    /// One writer: stages a rejection of each of its applications in deliberation and takes it back, in turn, as an
    /// administrator (Deliberation → RejectionStaged → Deliberation). Every transition moves one application between
    /// two counted buckets and commits through the same runtime as any other.
    /// </summary>
    private static async Task<(long Moves, long Errors)> WriteAsync(HttpClient client, List<(Guid Id, int Version)> mine, bool[] staged,
        CancellationToken stop)
    {
        long moves = 0, errors = 0;
        for (var i = 0; !stop.IsCancellationRequested; i = (i + 1) % mine.Count)
        {
            var (id, version) = mine[i];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/transitions")
            {
                Content = JsonContent.Create(staged[i] ? new { trigger = "reconsider", comment = (string?)null } : new { trigger = "reject", comment = (string?)"负载测试：拟不予入选" }),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
            using var response = await client.SendAsync(request, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                if (errors == 0)
                    Log($"a writer was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                // Read the application again, so that one refusal does not make every later attempt stale.
                errors++;
                using var current = await client.GetAsync($"/api/applications/{id}", CancellationToken.None);
                var view = await current.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                mine[i] = (id, view.GetProperty("version").GetInt32());
                staged[i] = view.GetProperty("state").GetString() == "RejectionStaged";
                continue;
            }
            mine[i] = (id, int.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture));
            staged[i] = !staged[i];
            moves++;
        }
        return (moves, errors);
    }

    // What GET /api/progress asks the database now (ProgressCounts.ReadAsync), and the recount it replaced (the floor's).
    private const string MaintainedSql = """
        SELECT "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", sum("Count") AS "Count"
        FROM (SELECT "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Count" FROM "ProgressCounts"
              UNION ALL
              SELECT "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta" FROM "ProgressCountDeltas") AS b
        GROUP BY "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State"
        HAVING sum("Count") <> 0
        """;

    private const string RecountSql = """
        SELECT "ProgrammeKey", "SectorCode", "WorkflowKey", "WorkflowVersion", "State", count(*)
        FROM "Applications"
        GROUP BY "ProgrammeKey", "SectorCode", "WorkflowKey", "WorkflowVersion", "State"
        """;

    /// <summary>
    /// The statement's execution time inside PostgreSQL (EXPLAIN ANALYZE), median and maximum of a few runs: what the
    /// design costs, apart from the CPU the machine's other work leaves the client and the API.
    /// </summary>
    private static async Task<(double Median, double Max)> ExecutionMillisecondsAsync(string connectionString, string sql, int runs = 15)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection);
            var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            times.Add(plan.RootElement[0].GetProperty("Execution Time").GetDouble());
        }
        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }

    private static async Task<List<(Guid Id, int Version)>> DeliberatingAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Id", "Version" FROM "Applications" WHERE "State" = 'Deliberation' ORDER BY "Id" LIMIT @n""", connection);
        command.Parameters.AddWithValue("n", count);
        var rows = new List<(Guid, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetGuid(0), reader.GetInt32(1)));
        return rows;
    }

    private static async Task<long> CountDeltasAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""SELECT count(*) FROM "ProgressCountDeltas" """, connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<bool> ConsistentAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/progress/verify")).GetProperty("consistent").GetBoolean();

    private static void Report(Options options, IReadOnlyList<SizeResult> results)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"load-progress {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, " +
            $"{options.Readers} reading connections, {options.Writers} writers, {options.Duration.TotalSeconds:F0} s per scenario after {options.WarmUp.TotalSeconds:F0} s warm-up");
        output.AppendLine();
        output.AppendLine("| Applications | Scenario | Requests | Errors | Throughput (req/s) | p50 (ms) | p99 (ms) | max (ms) | API CPU per request (ms) | PostgreSQL CPU per request (ms) |");
        output.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in results)
            foreach (var r in size.Scenarios)
                output.AppendLine(CultureInfo.InvariantCulture, $"| {size.Applications:N0} | {r.Scenario} | {r.Requests:N0} | {r.Errors} | {r.Throughput:N0} | {r.P50:F2} | {r.P99:F2} | {r.Max:F1} | {r.ApiCpuPerRequest:F3} | {r.DatabaseCpuPerRequest:F3} |");
        output.AppendLine();
        foreach (var size in results)
        {
            var writes = string.Join("; ", size.Writes.Select((w, i) =>
                string.Create(CultureInfo.InvariantCulture, $"beside {(i == 0 ? "the API" : "the floor")}: {w.Moves / w.Seconds:N0} transitions/s, {w.Errors} refused")));
            output.AppendLine(CultureInfo.InvariantCulture,
                $"- {size.Applications:N0}: progress p99 with {options.Writers} writers {size.Scenarios[2].P99:F2} ms (target < 10 ms at 300,000); writers {writes}; " +
                $"counts equal a recount before {size.ConsistentBefore}, after {size.ConsistentAfter}");
            output.AppendLine(CultureInfo.InvariantCulture,
                $"  - inside PostgreSQL (EXPLAIN ANALYZE, median / max of 15): the maintained read {size.Maintained.Median:F3} / {size.Maintained.Max:F3} ms alone, " +
                $"{size.MaintainedWhileWriting.Median:F3} / {size.MaintainedWhileWriting.Max:F3} ms while writing ({size.DeltasWhileWriting:N0} unfolded deltas); " +
                $"the recount {size.Recount.Median:F3} / {size.Recount.Max:F3} ms");
        }
        Console.WriteLine();
        Console.Write(output);
    }
}
