using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// <c>load-listing</c>: the administrators' application listing (<c>GET /api/applications</c>) at 10,000, 100,000 and
/// 300,000 applications, each scale on its own PostgreSQL cluster and API process (<see cref="LoadHarness"/>). One
/// client, one request at a time: the first page repeated, a deep page repeated, and every page of the listing
/// walked by its cursors, unfiltered and with each common filter. The floor sends the same statements for the same
/// positions through Npgsql from this process; the plans come from EXPLAIN ANALYZE of the statements.
/// </summary>
public static class ListingRun
{
    private const int Limit = 50;
    private const string AdminEmail = "listing-run@load.yangfan.cn";
    private const string AdminPassword = "Listing-Run-Passw0rd";

    private static void Log(string message) => LoadHarness.Log(message);

    private sealed record Options(int[] Scales, int Repeats, string? Postgres, bool Plans = false)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options([10_000, 100_000, 300_000], 200, null),
            new("--scales", "10000,100000,300000", (o, v) => o with { Scales = LoadOptions.Numbers(v) }),
            new("--repeats", "N", (o, v) => o with { Repeats = LoadOptions.Number(v) }),
            new("--plans", null, (o, _) => o with { Plans = true }), // at every scale, not only the largest
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    /// <summary>One listing: its query string, and the same filter as SQL for the floor (the call or state as the index's leading column).</summary>
    private sealed record Listing(string Name, string Query, string Sql, Action<NpgsqlParameterCollection> Parameters, string? Leading = null);

    /// <summary>Where a page starts: after the last row of the previous one (none: the first page).</summary>
    private sealed record Position(DateTimeOffset? SubmittedAt, Guid Id);

    private sealed record Latencies(double P50, double P99, double Max, int Count)
    {
        public static Latencies Of(IEnumerable<double> milliseconds)
        {
            var sorted = milliseconds.Order().ToArray();
            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new Latencies(At(0.5), At(0.99), sorted[^1], sorted.Length);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P50:F2} / {P99:F2}");
    }

    private sealed record Result(int Scale, string Listing, int Rows, Latencies ApiFirst, Latencies ApiDeep, Latencies ApiWalk,
        Latencies FloorFirst, Latencies FloorDeep, Latencies FloorWalk, double ApiCpuPerPage);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var results = new List<Result>();
        var plans = new StringBuilder();
        foreach (var scale in options.Scales)
        {
            await using var harness = await LoadHarness.StartAsync(options.Postgres, 1, new Dictionary<string, string>
            {
                ["Bootstrap__AdminEmail"] = AdminEmail,
                ["Bootstrap__AdminPassword"] = AdminPassword,
            });
            var seeding = Stopwatch.StartNew();
            var seeded = await LoadSeeder.SeedAsync(harness.ConnectionString, DateTimeOffset.UtcNow, scale);
            Log($"seeded {seeded.Applications:N0} applications in {seeding.Elapsed.TotalSeconds:F0} s");
            await SignInAsync(harness.Client);
            await using var source = NpgsqlDataSource.Create(harness.ConnectionString);
            await using var connection = await source.OpenConnectionAsync();

            var call = seeded.CallIds[1];
            Listing[] listings =
            [
                new("unfiltered", "", "", _ => { }),
                new("call (a benchmark call)", $"callId={call}", "", p => p.AddWithValue("lead", call), "CallId"),
                new("state = ExpertReview", "state=ExpertReview", "", p => p.AddWithValue("lead", "ExpertReview"), "State"),
                new("sector = smart-ports", "sector=smart-ports", """AND a."SectorCode" = @sector""", p => p.AddWithValue("sector", "smart-ports")),
                new("province = 44", "province=44",
                    """AND (a."SubmittedProvinceCode" = @province OR (a."SubmittedProvinceCode" IS NULL AND EXISTS (SELECT 1 FROM "Organisations" AS o0 WHERE o0."Id" = a."OrganisationId" AND o0."ProvinceCode" = @province)))""",
                    p => p.AddWithValue("province", "44")),
            ];
            foreach (var listing in listings)
            {
                Log($"{scale:N0}: {listing.Name}: the first page repeated, then every page walked");
                var apiFirst = await RepeatAsync(options.Repeats, () => ApiPageAsync(harness.Client, listing, null));
                var cpuBefore = LoadHarness.CpuSeconds(harness.Process.Id);
                var (cursors, positions, walk, rows) = await WalkAsync(harness.Client, listing);
                var apiCpuPerPage = (LoadHarness.CpuSeconds(harness.Process.Id) - cpuBefore) * 1000 / cursors.Count;
                var deep = (int)(cursors.Count * 0.9);
                Log($"{scale:N0}: {listing.Name}: {rows:N0} rows in {cursors.Count:N0} pages; the deep page (page {deep + 1}) repeated");
                var apiDeep = await RepeatAsync(options.Repeats, () => ApiPageAsync(harness.Client, listing, cursors[deep]));

                await CheckSameRowsAsync(harness.Client, connection, listing, cursors[deep], positions[deep]);
                var floorWalk = new List<double>();
                foreach (var position in positions)
                    floorWalk.Add(await TimeAsync(() => FloorPageAsync(connection, listing, position)));
                var floorFirst = await RepeatAsync(options.Repeats, () => FloorPageAsync(connection, listing, null));
                var floorDeep = await RepeatAsync(options.Repeats, () => FloorPageAsync(connection, listing, positions[deep]));
                results.Add(new Result(scale, listing.Name, rows, apiFirst, apiDeep, Latencies.Of(walk), floorFirst, floorDeep, Latencies.Of(floorWalk), apiCpuPerPage));

                if (options.Plans || scale == options.Scales.Max())
                {
                    plans.AppendLine(CultureInfo.InvariantCulture, $"{listing.Name}, first page, {scale:N0} applications:\n");
                    plans.AppendLine(await ExplainAsync(connection, listing, null));
                    plans.AppendLine(CultureInfo.InvariantCulture, $"{listing.Name}, deep page (page {deep + 1} of {cursors.Count}), {scale:N0} applications:\n");
                    plans.AppendLine(await ExplainAsync(connection, listing, positions[deep]));
                }
            }
        }
        Report(options, results);
        Console.WriteLine();
        Console.WriteLine("The page statements, as PostgreSQL runs them (EXPLAIN ANALYZE, BUFFERS):\n");
        Console.WriteLine(plans);
        return 0;
    }

    private static async Task SignInAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static string PageUri(Listing listing, string? cursor) =>
        $"/api/applications?limit={Limit}" + (listing.Query.Length > 0 ? "&" + listing.Query : "") +
        (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));

    private static async Task<JsonElement> ApiPageAsync(HttpClient client, Listing listing, string? cursor)
    {
        using var response = await client.GetAsync(PageUri(listing, cursor));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every page by its cursor: the cursor and the position each page starts at, each page's latency, the rows.</summary>
    private static async Task<(List<string?> Cursors, List<Position?> Positions, List<double> Latencies, int Rows)> WalkAsync(HttpClient client, Listing listing)
    {
        var cursors = new List<string?>();
        var positions = new List<Position?>();
        var latencies = new List<double>();
        var rows = 0;
        string? cursor = null;
        Position? position = null;
        do
        {
            cursors.Add(cursor);
            positions.Add(position);
            var started = Stopwatch.GetTimestamp();
            var page = await ApiPageAsync(client, listing, cursor);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var items = page.GetProperty("items");
            rows += items.GetArrayLength();
            if (items.GetArrayLength() > 0)
            {
                var last = items[items.GetArrayLength() - 1];
                var at = last.GetProperty("submittedAt");
                position = new Position(at.ValueKind == JsonValueKind.Null ? null : at.GetDateTimeOffset(), last.GetProperty("id").GetGuid());
            }
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return (cursors, positions, latencies, rows);
    }

    private static async Task<Latencies> RepeatAsync(int repeats, Func<Task> page)
    {
        for (var i = 0; i < 10; i++)
            await page();
        var latencies = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
            latencies.Add(await TimeAsync(page));
        return Latencies.Of(latencies);
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// The statement the API sends for a page (as EF Core logs it): the applications after the position in index order,
    /// the call or state as the leading column of a range, then the page's organisations.
    /// </summary>
    private static NpgsqlCommand Statement(NpgsqlConnection connection, Listing listing, Position? after, int count, string prefix = "")
    {
        var leading = listing.Leading is { } column ? $"""a."{column}", """ : "";
        var range = listing.Leading is { } c
            ? $"""a."{c}" <= @lead AND """ + (after is null ? $"""a."{c}" >= @lead""" : $"""({leading}a."ListingTime", a."Id") > (@lead, @time, @id)""")
            : after is null ? "TRUE" : """(a."ListingTime", a."Id") > (@time, @id)""";
        var command = new NpgsqlCommand($"""
            {prefix}SELECT a0."Id", a0."CallId", a0."OrganisationId", COALESCE(a0."SubmittedOrganisationName", o."Name"), COALESCE(a0."SubmittedProvinceCode", o."ProvinceCode"), a0."ProgrammeKey", a0."SectorCode", a0."Title", a0."WorkflowKey", a0."WorkflowVersion", a0."State", a0."SubmittedAt", a0."CreatedAt"
            FROM (
                SELECT a."Id", a."CallId", a."CreatedAt", a."OrganisationId", a."ProgrammeKey", a."SectorCode", a."State", a."SubmittedAt", a."SubmittedOrganisationName", a."SubmittedProvinceCode", a."Title", a."WorkflowKey", a."WorkflowVersion", a."ListingTime"
                FROM "Applications" AS a
                WHERE {range} {listing.Sql}
                ORDER BY {leading}a."ListingTime", a."Id"
                LIMIT @count
            ) AS a0
            INNER JOIN "Organisations" AS o ON a0."OrganisationId" = o."Id"
            ORDER BY a0."ListingTime", a0."Id"
            """, connection);
        listing.Parameters(command.Parameters);
        if (after is not null)
        {
            command.Parameters.AddWithValue("time", after.SubmittedAt ?? DateTimeOffset.MaxValue);
            command.Parameters.AddWithValue("id", after.Id);
        }
        command.Parameters.AddWithValue("count", count);
        return command;
    }

    private static async Task<List<Guid>> FloorPageAsync(NpgsqlConnection connection, Listing listing, Position? after)
    {
        var ids = new List<Guid>(Limit + 1);
        await ReadAsync(Statement(connection, listing, after, Limit + 1), ids);
        return ids.Count > Limit ? ids[..Limit] : ids;
    }

    private static async Task ReadAsync(NpgsqlCommand command, List<Guid> ids)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
                for (var column = 1; column < reader.FieldCount; column++)
                    _ = reader.IsDBNull(column) ? null : reader.GetValue(column);
            }
        }
    }

    /// <summary>The floor must read the rows the API returns, or the comparison means nothing.</summary>
    private static async Task CheckSameRowsAsync(HttpClient client, NpgsqlConnection connection, Listing listing, string? cursor, Position? position)
    {
        var api = (await ApiPageAsync(client, listing, cursor)).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid());
        var floor = await FloorPageAsync(connection, listing, position);
        if (!api.SequenceEqual(floor))
            throw new InvalidOperationException($"The floor's page differs from the API's for {listing.Name}.");
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, Listing listing, Position? after)
    {
        await using var explain = Statement(connection, listing, after, Limit + 1, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ");
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add("    " + reader.GetString(0));
        return string.Join('\n', lines) + "\n";
    }

    private static void Report(Options options, IReadOnlyList<Result> results)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Listing run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, one client, " +
            $"pages of {Limit}, first and deep page {options.Repeats} times each (after 10 unrecorded), every page walked once by its cursors; " +
            $"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        output.AppendLine();
        output.AppendLine("Latency in ms, p50 / p99; API = GET /api/applications over HTTP, floor = the same statements through Npgsql.");
        output.AppendLine();
        output.AppendLine("| Applications | Listing | Rows | API first page | floor | API deep page | floor | API every page (pages) | floor | API slowest page | floor | API CPU per page (ms) |");
        output.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            output.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scale:N0} | {r.Listing} | {r.Rows:N0} | {r.ApiFirst} | {r.FloorFirst} | {r.ApiDeep} | {r.FloorDeep} | {r.ApiWalk} ({r.ApiWalk.Count:N0}) | {r.FloorWalk} | {r.ApiWalk.Max:F1} | {r.FloorWalk.Max:F1} | {r.ApiCpuPerPage:F2} |");
        output.AppendLine();
        var largest = results.Where(r => r.Scale == options.Scales.Max() && r.Listing == "unfiltered").ToList();
        foreach (var r in largest)
            output.AppendLine(CultureInfo.InvariantCulture,
                $"- target at {r.Scale:N0}: first and any later page under 20 ms: first p99 {r.ApiFirst.P99:F2} ms, deep p99 {r.ApiDeep.P99:F2} ms, every page p99 {r.ApiWalk.P99:F2} ms (slowest {r.ApiWalk.Max:F1} ms)");
        Console.WriteLine();
        Console.Write(output);
    }
}
