using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// The load run of docs/performance.md: a PostgreSQL server (a throw-away cluster, or <c>--postgres</c>), the API
/// built in this configuration started as its own process against it by the load host (the production host with the
/// floor endpoints added), 100,000 applications and a 10,000-entry
/// directory seeded, then each scenario driven in turn, in rounds, by <see cref="LoadClient"/>.
/// </summary>
public static class LoadRun
{
    private sealed record Options(int Connections, TimeSpan WarmUp, TimeSpan Duration, int Rounds, string? Postgres)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(16, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15), 2, null);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                options = args[i] switch
                {
                    "--connections" => options with { Connections = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--rounds" => options with { Rounds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--postgres" => options with { Postgres = Value() },
                    var other => throw new ArgumentException($"Unknown option {other}. Options: --connections N --warmup S --duration S --rounds N --postgres CONNECTION-STRING"),
                };
            }
            return options;
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var api = FindApi();
        Log($"API: {api}");

        if (options.Postgres is not null)
            Environment.SetEnvironmentVariable(PostgresServer.EnvironmentVariable, options.Postgres);
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync($"yangfan_load_{DateTime.UtcNow:yyyyMMddHHmmss}");
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var data = Directory.CreateTempSubdirectory("yangfan-load-");

        using var process = StartApi(api, baseAddress, connectionString, data.FullName);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.Connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                AutomaticDecompression = DecompressionMethods.None,
            }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilReadyAsync(client, process);
            Log("API ready (migrated, reference data seeded); seeding the load data");

            var seeding = Stopwatch.StartNew();
            var seeded = await LoadSeeder.SeedAsync(connectionString, DateTimeOffset.UtcNow);
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
            var plan = await PagePlanAsync(connectionString, seeded.DirectoryId, pages);

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

            var load = new LoadClient(client, options.Connections, () => (CpuSeconds(process.Id), PostgresCpuSeconds()));
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var scenario in scenarios)
                {
                    Log($"round {round}/{options.Rounds}: {scenario.Name}");
                    await load.RunAsync(scenario, options.WarmUp, options.Duration);
                }
            }

            var results = scenarios.Select(s => load.Result(s.Name)).ToList();
            Report(options, seeded, results, PeakWorkingSetMegabytes(process));
            Console.WriteLine();
            Console.WriteLine($"The page statement at the deepest offset, as PostgreSQL runs it:\n\n{plan}");
            return results.Any(r => r.Errors > 0) ? 1 : 0;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>EXPLAIN ANALYZE of the page statement at the deepest offset, to show how the rows an OFFSET skips are read.</summary>
    private static async Task<string> PagePlanAsync(string connectionString, Guid directoryId, int pages)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand(
            """
            EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
            SELECT d."Id", d."ApplicationId", d."Batch", d."CreditCode", d."DirectoryId", d."OrganisationName", d."ProvinceCode", d."Revoked", d."RevokedReason", d."SectorCode", d."Title"
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

    private static Process StartApi(string dll, Uri address, string connectionString, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Database__DataDirectory"] = dataDirectory,
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The API exited with code {process.ExitCode} before it was ready.");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The API was not ready within two minutes.");
    }

    /// <summary>
    /// The load host (the API with the floor endpoints) as built in this configuration (Release under
    /// <c>dotnet run -c Release</c>): its project is referenced, so it is built first.
    /// </summary>
    private static string FindApi()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "YangFan.Benchmarks.sln")))
            directory = directory.Parent;
        if (directory is null)
            throw new InvalidOperationException("Run the load run from the repository (YangFan.Benchmarks.sln not found above the binaries).");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(directory.FullName, "tests", "YangFan.Benchmarks.LoadHost", "bin", configuration, "net10.0", "YangFan.Benchmarks.LoadHost.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The load host is not built at {dll}.");
    }

    private static double? PeakWorkingSetMegabytes(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status))
            return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>User + system CPU time of a process so far, from /proc (0 where there is no /proc).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: field 3 is the state, so utime (14) and stime (15) are at 11 and 12.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU time of every PostgreSQL server process on the machine (the load run's cluster, unless another runs).</summary>
    private static double PostgresCpuSeconds()
    {
        if (!Directory.Exists("/proc"))
            return 0;
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "postgres")
                    total += CpuSeconds(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return total;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
