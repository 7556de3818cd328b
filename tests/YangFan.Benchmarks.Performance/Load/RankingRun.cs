using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// <c>load-ranking</c>: a call's ranking and its automatic assignment at national scale (docs/performance.md,
/// "Ranking and assignment at scale"). For each scale asked for, a fresh database gets the load data
/// (<see cref="LoadSeeder"/>), experts, and three to five submitted reviews for every application of the first
/// benchmark call past formal check; the API (the load host, its own process) then ranks that call, the first
/// page and a late one, one request at a time. At the first scale every application of the second benchmark call is
/// put in expert review and assigned automatically through the API, after the assigner alone has planned the same
/// input in this process.
/// </summary>
public static class RankingRun
{
    private const string AdminEmail = "load-admin@example.cn";
    private const string AdminPassword = "Load-Admin-Passw0rd!";
    private const int PageSize = 100;
    private const int ReviewersPerApplication = 3;
    private const int ExpertCapacity = 40;

    private sealed record Options(IReadOnlyList<int> Scales, int Repeats, bool Assign, string? Postgres)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options([100_000, 300_000], 3, true, null),
            new("--applications", "100000,300000", (o, v) => o with { Scales = LoadOptions.Numbers(v) }),
            new("--repeats", "N", (o, v) => o with { Repeats = LoadOptions.Number(v) }),
            new("--no-assignment", null, (o, _) => o with { Assign = false }),
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    /// <summary>One request measured: wall time, CPU of the API and of PostgreSQL, bytes answered, the API's peak memory.</summary>
    private sealed record Sample(double Milliseconds, double ApiCpu, double DatabaseCpu, long Bytes, double? PeakMegabytes);

    private sealed record Row(string Scenario, int CallApplications, string Detail, Sample Sample);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--plan", var planConnection, var planCall])
        {
            var (cpu, _, growth, proposed) = await PlanInProcessAsync(planConnection, Guid.Parse(planCall));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan {cpu} {growth} {proposed}"));
            return 0;
        }
        var options = Options.Parse(args);
        var rows = new List<Row>();
        var notes = new List<string>();
        for (var s = 0; s < options.Scales.Count; s++)
        {
            var scale = options.Scales[s];
            await using var harness = await LoadHarness.StartAsync(options.Postgres, 2, new Dictionary<string, string>
            {
                ["Bootstrap__AdminEmail"] = AdminEmail,
                ["Bootstrap__AdminPassword"] = AdminPassword,
            });
            var seeding = Stopwatch.StartNew();
            var seeded = await LoadSeeder.SeedAsync(harness.ConnectionString, DateTimeOffset.UtcNow, scale);
            var perCall = seeded.BenchmarkApplicationsPerCall;
            var experts = await SeedExpertsAsync(harness.ConnectionString, perCall);
            var reviews = await SeedReviewsAsync(harness.ConnectionString, seeded.CallIds[0], experts);
            LoadHarness.Log($"seeded {seeded.Applications:N0} applications, {experts.Count:N0} experts and {reviews:N0} reviews in {seeding.Elapsed.TotalSeconds:F0} s");
            // The seeding went round the API by COPY: its aggregates must be there and current, as the triggers keep them.
            var stale = await ScalarAsync(harness.ConnectionString, $"""
                SELECT count(*) FROM review_aggregates_of(ARRAY(SELECT "Id" FROM "Applications" WHERE "CallId" = '{seeded.CallIds[0]}')) c
                LEFT JOIN "ReviewAggregates" r ON r."ApplicationId" = c."ApplicationId"
                WHERE (r."Ranked", r."Reviews", r."Score", r."StdDev", r."Excluded", r."Holding", r."EndedByConflict")
                    IS DISTINCT FROM (c."Ranked", c."Reviews", c."Score", c."StdDev", c."Excluded", c."Holding", c."EndedByConflict")
                """);
            LoadHarness.Log($"stored review aggregates that differ from a recomputation: {stale}");
            if (stale != 0)
                throw new InvalidOperationException("The stored review aggregates do not match the seeded reviews.");
            await SignInAsync(harness.Client);

            var ranked = await RankedCountAsync(harness.Client, seeded.CallIds[0]);
            var lastPage = (ranked + PageSize - 1) / PageSize;
            var late = Math.Max(1, lastPage * 9 / 10);
            // Warm-up: the first request of a process compiles its query and resolves its workflows.
            await MeasureAsync(harness, HttpMethod.Get, $"/api/calls/{seeded.CallIds[2]}/ranking?page=1&pageSize={PageSize}");
            foreach (var (name, page) in new[] { ("ranking, first page", 1), ($"ranking, late page", late) })
            {
                var samples = new List<Sample>();
                for (var r = 0; r < options.Repeats; r++)
                    samples.Add(await MeasureAsync(harness, HttpMethod.Get, $"/api/calls/{seeded.CallIds[0]}/ranking?page={page}&pageSize={PageSize}"));
                rows.Add(new Row(name, perCall, $"page {page} of {lastPage} ({ranked:N0} ranked, {reviews:N0} reviews)", Median(samples)));
            }

            if (options.Assign && s == 0)
            {
                var call = seeded.CallIds[1];
                var inReview = await PutInReviewAsync(harness.ConnectionString, call);
                var (assignerCpu, assignerPeak, assignerGrowth, planned) = await PlanInProcessAsync(harness.ConnectionString, call);
                var (ownCpu, ownGrowth, _) = await PlanInOwnProcessAsync(harness.ConnectionString, call);
                var dry = await MeasureAsync(harness, HttpMethod.Post, $"/api/calls/{call}/assignments/auto", new { dryRun = true });
                var api = await MeasureAsync(harness, HttpMethod.Post, $"/api/calls/{call}/assignments/auto", new { dryRun = false });
                var stored = await ScalarAsync(harness.ConnectionString, $"SELECT count(*) FROM \"Assignments\" WHERE \"CallId\" = '{call}'");
                rows.Add(new Row("automatic assignment through the API, dry run", perCall, $"{inReview:N0} in review, nothing written", dry));
                rows.Add(new Row("automatic assignment through the API", perCall, $"{inReview:N0} in review, {stored:N0} assignments stored", api));
                rows.Add(new Row("the assigner alone, in this run's process (workstation GC)", perCall, $"{planned:N0} proposed; grew the process by {assignerGrowth:N0} MB",
                    new Sample(double.NaN, assignerCpu, 0, 0, assignerPeak)));
                rows.Add(new Row($"the assigner alone, in a process of its own with the API's {ApiGc} GC", perCall, $"grew the process by {ownGrowth:N0} MB",
                    new Sample(double.NaN, ownCpu, 0, 0, null)));
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"- automatic assignment at {perCall:N0}: API CPU {api.ApiCpu:F2} s ÷ assigner CPU {ownCpu:F2} s (same GC) = {api.ApiCpu / ownCpu:F2}×, " +
                    $"÷ {assignerCpu:F2} s (this run's process) = {api.ApiCpu / assignerCpu:F2}× (target ≤ 2×); dry run {dry.ApiCpu / ownCpu:F2}×; " +
                    $"API peak resident memory {api.PeakMegabytes:N0} MB (target < 400 MB), {dry.PeakMegabytes:N0} MB in the dry run before it"));
            }
        }
        Report(options, rows, notes);
        return 0;
    }

    private static Sample Median(List<Sample> samples)
    {
        var ordered = samples.OrderBy(s => s.Milliseconds).ToList();
        var middle = ordered[ordered.Count / 2];
        return middle with { ApiCpu = samples.Average(s => s.ApiCpu), DatabaseCpu = samples.Average(s => s.DatabaseCpu), PeakMegabytes = samples.Max(s => s.PeakMegabytes) };
    }

    /// <summary>One request on its own: the API's peak resident memory is reset first (<c>clear_refs</c>), so it is this request's.</summary>
    private static async Task<Sample> MeasureAsync(LoadHarness harness, HttpMethod method, string path, object? body = null)
    {
        ResetPeak(harness.Process);
        var (api, database) = harness.Cpu();
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await harness.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}");
        await Task.Delay(200); // CPU from /proc is counted in ticks of 10 ms; let the last ones land.
        var (apiAfter, databaseAfter) = harness.Cpu();
        return new Sample(elapsed, apiAfter - api, databaseAfter - database, bytes, LoadHarness.PeakWorkingSetMegabytes(harness.Process));
    }

    private static void ResetPeak(Process process)
    {
        try { File.WriteAllText($"/proc/{process.Id}/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static async Task<int> RankedCountAsync(HttpClient client, Guid call)
    {
        var page = await client.GetFromJsonAsync<JsonElement[]>($"/api/calls/{call}/ranking?page=1&pageSize=1");
        return page!.Sum(g => g.GetProperty("ranked").GetInt32());
    }

    private sealed record ExpertRow(Guid Id, string Affiliation, string Province, string[] Sectors);

    /// <summary>
    /// Enough experts to give every application of a call three reviewers with a third of the capacity to spare:
    /// two per organisation (none an applicant), provinces in turn, two sectors each.
    /// </summary>
    private static async Task<List<ExpertRow>> SeedExpertsAsync(string connectionString, int perCall)
    {
        var count = perCall * ReviewersPerApplication * 4 / 3 / ExpertCapacity;
        var experts = Enumerable.Range(0, count).Select(i =>
        {
            var province = LoadSeeder.Provinces[i % LoadSeeder.Provinces.Length];
            var first16 = $"92{LoadSeeder.Provinces[i / 2 % LoadSeeder.Provinces.Length]}0000{i / 2 + 20_000_000:D8}";
            var first17 = first16 + CreditCode.OrganisationCodeCheck(first16.AsSpan(8, 8));
            return new ExpertRow(Guid.CreateVersion7(), first17 + CreditCode.CodeCheck(first17), province,
                [LoadSeeder.Sectors[i % LoadSeeder.Sectors.Length], LoadSeeder.Sectors[(i / LoadSeeder.Sectors.Length + i + 1) % LoadSeeder.Sectors.Length]]);
        }).ToList();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = DateTime.UtcNow;
        await LoadSeeder.CopyAsync(connection, "AspNetUsers",
            ["Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed",
             "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "Role", "IsDisabled", "CreatedAt", "AffiliationCreditCode",
             "MaxAssignmentsPerCall", "ExpertActive", "ExpertProvinceCode", "Version"],
            experts, async (w, e) =>
            {
                var email = $"expert-{e.Id:N}@example.cn";
                await w.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(email, NpgsqlDbType.Varchar);
                await w.WriteAsync(email.ToUpperInvariant(), NpgsqlDbType.Varchar);
                await w.WriteAsync(email, NpgsqlDbType.Varchar);
                await w.WriteAsync(email.ToUpperInvariant(), NpgsqlDbType.Varchar);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(Guid.NewGuid().ToString("N"), NpgsqlDbType.Text);
                await w.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(0, NpgsqlDbType.Integer);
                await w.WriteAsync($"专家{e.Id.ToString("N")[..6]}", NpgsqlDbType.Varchar);
                await w.WriteAsync("Expert", NpgsqlDbType.Varchar);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(e.Affiliation, NpgsqlDbType.Varchar);
                await w.WriteAsync(ExpertCapacity, NpgsqlDbType.Integer);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(e.Province, NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
            });
        await LoadSeeder.CopyAsync(connection, "ExpertSectors", ["UserId", "SectorCode"],
            experts.SelectMany(e => e.Sectors.Distinct().Select(s => (e.Id, s))).ToList(), async (w, r) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(r.s, NpgsqlDbType.Varchar);
            });
        return experts;
    }

    /// <summary>
    /// Three to five submitted reviews (one in twenty applications also has one a later conflict took out) for every
    /// application of the call past formal check, in its current round.
    /// </summary>
    private static async Task<int> SeedReviewsAsync(string connectionString, Guid call, IReadOnlyList<ExpertRow> experts)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var applications = new List<(Guid Id, int Round)>();
        await using (var read = new NpgsqlCommand("""SELECT "Id", "ReviewRound" FROM "Applications" WHERE "CallId" = @call AND "ReviewRound" > 0 ORDER BY "Id" """, connection))
        {
            read.Parameters.AddWithValue("call", call);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                applications.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }
        var random = new Random(12);
        var now = DateTime.UtcNow;
        var rows = new List<(Guid Application, int Round, Guid Expert, string Status, decimal Total)>();
        for (var a = 0; a < applications.Count; a++)
        {
            var count = 3 + random.Next(3);
            var level = 55 + random.Next(40);
            for (var j = 0; j < count + (a % 20 == 0 ? 1 : 0); j++)
            {
                var total = Math.Clamp(level + random.Next(-15, 16) + random.Next(10_000) / 10_000m, 0, 100);
                rows.Add((applications[a].Id, applications[a].Round, experts[(a * 7 + j * 131) % experts.Count].Id, j < count ? "Submitted" : "Conflicted", total));
            }
        }
        const string scores = """{"innovation":80,"outcomes":75,"integration-depth":70,"replicability":85,"security":90}""";
        await LoadSeeder.CopyAsync(connection, "Assignments",
            ["Id", "ApplicationId", "CallId", "Round", "ExpertId", "Status", "CreatedAt", "DueAt", "Late", "SubmittedAt", "Scores", "WeightedTotal",
             "Comment", "Recommendation", "Version"],
            rows, async (w, r) =>
            {
                await w.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await w.WriteAsync(r.Application, NpgsqlDbType.Uuid);
                await w.WriteAsync(call, NpgsqlDbType.Uuid);
                await w.WriteAsync(r.Round, NpgsqlDbType.Integer);
                await w.WriteAsync(r.Expert, NpgsqlDbType.Uuid);
                await w.WriteAsync(r.Status, NpgsqlDbType.Varchar);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(now.AddDays(21), NpgsqlDbType.TimestampTz);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(scores, NpgsqlDbType.Varchar);
                await w.WriteAsync(r.Total, NpgsqlDbType.Numeric);
                await w.WriteAsync("项目技术路线清晰，5G 专网与边缘计算融合较深，应用成效数据可信。", NpgsqlDbType.Varchar);
                await w.WriteAsync("Recommend", NpgsqlDbType.Varchar);
                await w.WriteAsync(2, NpgsqlDbType.Integer);
            });
        // The COPY fired the triggers that keep the ranking's aggregates (ADR 0024); the vacuum lets the ranking read their index alone.
        await using var vacuum = new NpgsqlCommand("""VACUUM ANALYZE "Assignments", "ReviewAggregates", "AspNetUsers", "ExpertSectors" """, connection)
            { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
        return rows.Count;
    }

    /// <summary>Every application of the call, submitted, in expert review in round 1 with no assignment yet.</summary>
    private static async Task<int> PutInReviewAsync(string connectionString, Guid call)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("""
            UPDATE "Applications" SET "State" = 'ExpertReview', "ReviewRound" = 1, "SubmittedAt" = coalesce("SubmittedAt", now()),
                "SubmittedOrganisationName" = coalesce("SubmittedOrganisationName", 'x'), "SubmittedProvinceCode" = coalesce("SubmittedProvinceCode", '11')
            WHERE "CallId" = @call
            """, connection) { CommandTimeout = 600 };
        update.Parameters.AddWithValue("call", call);
        var count = await update.ExecuteNonQueryAsync();
        await using var vacuum = new NpgsqlCommand("""VACUUM ANALYZE "Applications", "ReviewAggregates" """, connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
        return count;
    }

    /// <summary>
    /// The assigner alone on the input the API reads for the call (the same applications, experts and parameters),
    /// read before the API runs; returns its CPU seconds, this process's peak resident memory while it ran, how much
    /// that peak exceeds the memory before, and how many assignments it proposed.
    /// </summary>
    private static async Task<(double Cpu, double PeakMegabytes, double GrowthMegabytes, int Proposed)> PlanInProcessAsync(string connectionString, Guid call)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var experts = new List<ExpertFacts>();
        await using (var read = new NpgsqlCommand("""
            SELECT u."Id", coalesce(u."AffiliationCreditCode", ''), coalesce(u."ExpertProvinceCode", ''), u."MaxAssignmentsPerCall",
                   array_remove(array_agg(s."SectorCode"), NULL)
            FROM "AspNetUsers" u LEFT JOIN "ExpertSectors" s ON s."UserId" = u."Id"
            WHERE u."Role" = 'Expert' AND u."ExpertActive" AND NOT u."IsDisabled"
            GROUP BY u."Id" ORDER BY u."Id"
            """, connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                experts.Add(new ExpertFacts(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(4).ToHashSet(),
                    reader.GetInt32(3), new HashSet<string>()));
        }
        var applications = new List<ApplicationFacts>();
        await using (var read = new NpgsqlCommand("""
            SELECT a."Id", o."CreditCode", coalesce(a."SubmittedProvinceCode", o."ProvinceCode", ''), a."SectorCode"
            FROM "Applications" a JOIN "Organisations" o ON o."Id" = a."OrganisationId"
            WHERE a."CallId" = @call AND a."State" = 'ExpertReview' ORDER BY a."Id"
            """, connection))
        {
            read.Parameters.AddWithValue("call", call);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                applications.Add(new ApplicationFacts(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    new HashSet<string>(), null));
        }
        var request = new AssignmentRequest(applications, experts, ReviewersPerApplication, true, new Dictionary<Guid, IReadOnlyList<Guid>>(),
            new Dictionary<Guid, int>());

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var self = Process.GetCurrentProcess();
        var before = ResidentMegabytes();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentMegabytes());
                await Task.Delay(5);
            }
        });
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var plan = ExpertAssigner.Plan(request);
        self.Refresh();
        var spent = (self.TotalProcessorTime - cpu).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, ResidentMegabytes());
        if (!plan.Feasible)
            throw new InvalidOperationException($"The assigner left {plan.Uncovered.Count} applications uncovered; the seeded experts do not suffice.");
        return (spent, peak, peak - before, plan.Assignments.Count);
    }

    /// <summary>The API's garbage collector, as its runtimeconfig.json sets it (ADR 0028: workstation).</summary>
    private static string ApiGc => LoadHarness.ApiUsesServerGc() ? "server" : "workstation";

    /// <summary>
    /// The assigner alone on the same input in a process of its own (this program, <c>load-ranking --plan</c>) with the
    /// API's garbage collector, so that the GC mode does not count in the ratio.
    /// </summary>
    private static async Task<(double Cpu, double GrowthMegabytes, int Proposed)> PlanInOwnProcessAsync(string connectionString, Guid call)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "load-ranking", "--plan", connectionString, call.ToString() })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_gcServer"] = LoadHarness.ApiUsesServerGc() ? "1" : "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the assigner's process.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').Single(l => l.StartsWith("plan ", StringComparison.Ordinal)).Split(' ');
        return (double.Parse(line[1], CultureInfo.InvariantCulture), double.Parse(line[2], CultureInfo.InvariantCulture), int.Parse(line[3], CultureInfo.InvariantCulture));
    }

    private static double ResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static void Report(Options options, List<Row> rows, List<string> notes)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture,
            $"load-ranking {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, seeds of {string.Join(" and ", options.Scales.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} applications, " +
            $"ranking pages of {PageSize}, median of {options.Repeats} requests each (CPU: their mean)");
        output.AppendLine();
        output.AppendLine("| Scenario | Applications in the call | Detail | Latency (ms) | API CPU (ms) | PostgreSQL CPU (ms) | Response (KB) | Peak resident memory (MB) |");
        output.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var s = r.Sample;
            output.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.CallApplications:N0} | {r.Detail} | {(double.IsNaN(s.Milliseconds) ? "–" : s.Milliseconds.ToString("N0", CultureInfo.InvariantCulture))} | " +
                $"{s.ApiCpu * 1000:N0} | {s.DatabaseCpu * 1000:N0} | {s.Bytes / 1024.0:N1} | {s.PeakMegabytes:N0} |");
        }
        output.AppendLine();
        foreach (var note in notes)
            output.AppendLine(note);
        Console.WriteLine();
        Console.Write(output);
    }
}
