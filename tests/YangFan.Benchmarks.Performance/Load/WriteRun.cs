using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// The write load run (<c>load-writes</c>, docs/performance.md): applicants submit drafts at 1, 8 and 32 concurrent
/// clients, and after each step the floor: the same SQL statements, captured from PostgreSQL's own log of one
/// submit, replayed by pgbench on fresh drafts of the same shape at the same concurrency. Each submit consumes one
/// draft, so the run seeds many by COPY: complete content, the required attachment and the creation history entry,
/// in open calls, belonging to many applicants (signed in through the API for the API's drafts).
/// </summary>
public static partial class WriteRun
{
    private const string Pgbench = "/usr/lib/postgresql/15/bin/pgbench";
    private const string Password = "Load-Applicant-Passw0rd";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static readonly string[] Sectors =
    [
        "info-consumption", "converged-media", "industrial-internet", "internet-of-vehicles", "smart-logistics", "smart-ports",
        "smart-mining", "smart-power", "smart-oil-gas", "smart-agriculture", "smart-water", "smart-education", "smart-healthcare",
        "culture-tourism", "smart-city",
    ];

    private static void Log(string message) => LoadHarness.Log(message);

    private sealed record Options(int[] Clients, TimeSpan WarmUp, TimeSpan Duration, int Applications, int Drafts, int FloorDrafts,
        int Applicants, string? Postgres, bool Pin)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options([1, 8, 32], TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(10), 10_000, 120_000, 100_000, 32, null, false),
            new("--clients", "1,8,32", (o, v) => o with { Clients = LoadOptions.Numbers(v) }),
            new("--warmup", "S", (o, v) => o with { WarmUp = LoadOptions.Seconds(v) }),
            new("--duration", "S", (o, v) => o with { Duration = LoadOptions.Seconds(v) }),
            new("--applications", "N", (o, v) => o with { Applications = LoadOptions.Number(v) }),
            new("--drafts", "N", (o, v) => o with { Drafts = LoadOptions.Number(v) }),
            new("--floor-drafts", "N", (o, v) => o with { FloorDrafts = LoadOptions.Number(v) }),
            new("--applicants", "N", (o, v) => o with { Applicants = LoadOptions.Number(v) }),
            new("--pin", null, (o, _) => o with { Pin = true }),
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    /// <summary>The drafts of one side (the API's or the floor's), numbered 0, 1, …: draft n belongs to applicant n mod count.</summary>
    private sealed record Pool(string Name, long Base, IReadOnlyList<(Guid User, Guid Organisation)> Applicants)
    {
        public Guid Draft(int n) => Id('a', Base + n);
        public (Guid User, Guid Organisation) Owner(int n) => Applicants[n % Applicants.Count];
    }

    /// <summary>A seeded id: a letter for the kind of row, then the number in the last group, which pgbench can write from its variables.</summary>
    private static Guid Id(char kind, long number) => Guid.Parse($"{kind}0000000-0000-4000-8000-{number:D12}");

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        await using var harness = await LoadHarness.StartAsync(options.Postgres, options.Clients.Max(), new Dictionary<string, string>
        {
            ["RateLimiting__Auth__PermitLimit"] = "1000000",
        });
        var client = harness.Client;
        var cluster = await ClusterCpu.FindAsync(harness.ConnectionString);
        if (options.Pin)
            Log(await CpuPinning.SplitAsync(cluster.Postmaster, harness.Process.Id));

        Log($"seeding {options.Applications:N0} applications");
        var seeded = await LoadSeeder.SeedAsync(harness.ConnectionString, Now, options.Applications);

        Log($"registering {options.Applicants} applicants through the API and copying {options.Applicants} more for the floor");
        var applicants = new List<(Guid User, Guid Organisation, string Email)>();
        for (var i = 0; i < options.Applicants; i++)
            applicants.Add(await RegisterAsync(client, harness.ConnectionString, i));
        var api = new Pool("API", 200_000_000_000, applicants.Select(a => (a.User, a.Organisation)).ToList());
        var floor = new Pool("floor", 100_000_000_000, await CopyApplicantsAsync(harness.ConnectionString, applicants[0].User, options.Applicants));

        var perCall = options.Applicants * Sectors.Length;
        var calls = Enumerable.Range(0, (Math.Max(options.Drafts, options.FloorDrafts) + perCall - 1) / perCall)
            .Select(c => Id('e', 300_000_000_000 + c)).ToList();
        Log($"copying {options.Drafts:N0} drafts for the API and {options.FloorDrafts:N0} for the floor into {calls.Count} open calls");
        await SeedDraftsAsync(harness.ConnectionString, calls, [(api, options.Drafts), (floor, options.FloorDrafts)], options.Applicants);

        Log("signing the applicants in");
        var tokens = new Dictionary<Guid, string>();
        foreach (var (user, _, email) in applicants)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password = Password });
            response.EnsureSuccessStatusCode();
            tokens[user] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }
        var next = 0;
        HttpRequestMessage Submit(int n)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{api.Draft(n)}/transitions")
            {
                Content = JsonContent.Create(new { trigger = "submit" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[api.Owner(n).User]);
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            return request;
        }

        // Warm the API's paths once, then capture one submit as PostgreSQL logs it: the floor's SQL.
        using (var warm = await client.SendAsync(Submit(next++)))
            await ExpectOkAsync(warm);
        var statements = await CaptureAsync(harness, () => client.SendAsync(Submit(next++)));
        var script = FloorScript(statements, api, floor, next - 1, calls, options.Applicants);
        var scriptFile = Path.Combine(Directory.CreateTempSubdirectory("yangfan-writes-").FullName, "submit.sql");
        await File.WriteAllTextAsync(scriptFile, script);
        Log($"one submit sends {statements.Count} statements; the floor replays them ({scriptFile})");

        var results = new List<(int Clients, Measurement Api, Measurement Floor)>();
        var floorNext = 0;
        foreach (var clients in options.Clients)
        {
            var name = $"POST submit, {clients} clients";
            var load = new LoadClient(client, clients, () => (LoadHarness.CpuSeconds(harness.Process.Id), cluster.Seconds()));
            Log($"API: {name}");
            await load.RunAsync(new Scenario(name, _ => Submit(Interlocked.Increment(ref next) - 1), HttpStatusCode.OK), options.WarmUp, options.Duration);
            if (next >= options.Drafts)
                throw new InvalidOperationException($"The API used all {options.Drafts:N0} drafts; run again with a larger --drafts.");
            Log($"floor: pgbench, {clients} clients");
            var measured = await PgbenchAsync(harness.ConnectionString, scriptFile, clients, options.Duration, floorNext, cluster);
            // Clients run at their own pace, so the drafts they took end unevenly: the next step starts after the last one.
            floorNext = await CheckFloorSubmittedAsync(harness.ConnectionString, floor, floorNext, options.FloorDrafts, measured.Requests);
            if (floorNext + clients * 2 >= options.FloorDrafts)
                throw new InvalidOperationException($"pgbench used nearly all {options.FloorDrafts:N0} drafts; run again with a larger --floor-drafts.");
            results.Add((clients, load.Result(name), measured));
            Log($"{clients} clients: API {results[^1].Api.Throughput:N0} req/s, floor {measured.Throughput:N0} tx/s");
        }

        Report(options, seeded, statements, results);
        return results.Any(r => r.Api.Errors > 0 || r.Floor.Errors > 0) ? 1 : 0;
    }

    private static async Task ExpectOkAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"A submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<(Guid User, Guid Organisation, string Email)> RegisterAsync(HttpClient client, string connectionString, int i)
    {
        var email = $"load-applicant-{i}@load.yangfan.cn";
        var first16 = $"91440000{90_000_000 + i:D8}";
        var first17 = first16 + CreditCode.OrganisationCodeCheck(first16.AsSpan(8, 8));
        using var response = await client.PostAsJsonAsync("/api/auth/register", new
        {
            email, password = Password, displayName = "李工",
            organisation = new
            {
                name = $"第{i + 1}号写入负载科技有限公司", creditCode = first17 + CreditCode.CodeCheck(first17), provinceCode = "44",
                address = "广东省深圳市南山区", contactPerson = "李工", contactPhone = "13800138000",
            },
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Registering {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Only a verified organisation submits (ADR 0030); the run measures submitting, not an administrator's review.
        await using (var verify = new NpgsqlCommand("""
            UPDATE "Organisations" SET "Verification" = 'Verified'
            WHERE "Id" = (SELECT "OrganisationId" FROM "AspNetUsers" WHERE "Email" = @email)
            """, connection))
        {
            verify.Parameters.AddWithValue("email", email);
            await verify.ExecuteNonQueryAsync();
        }
        await using var lookup = new NpgsqlCommand("""SELECT "Id", "OrganisationId" FROM "AspNetUsers" WHERE "Email" = @email""", connection);
        lookup.Parameters.AddWithValue("email", email);
        await using var reader = await lookup.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetGuid(0), reader.GetGuid(1), email);
    }

    /// <summary>
    /// The floor's applicants: copies of a registered applicant and its organisation under seeded ids, which pgbench
    /// computes from the draft's number. They never sign in, so they share the template's password hash.
    /// </summary>
    private static async Task<IReadOnlyList<(Guid User, Guid Organisation)>> CopyApplicantsAsync(string connectionString, Guid template, int count)
    {
        var copies = Enumerable.Range(0, count).Select(i => (User: Id('b', 100_000_000_000 + i), Organisation: Id('c', 100_000_000_000 + i))).ToList();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            var first16 = $"91440000{80_000_000 + i:D8}";
            var first17 = first16 + CreditCode.OrganisationCodeCheck(first16.AsSpan(8, 8));
            await using var copy = new NpgsqlCommand("""
                CREATE TEMP TABLE o ON COMMIT DROP AS SELECT * FROM "Organisations" WHERE "Id" = (SELECT "OrganisationId" FROM "AspNetUsers" WHERE "Id" = @template);
                UPDATE o SET "Id" = @organisation, "CreditCode" = @code, "Name" = @name;
                INSERT INTO "Organisations" SELECT * FROM o;
                CREATE TEMP TABLE u ON COMMIT DROP AS SELECT * FROM "AspNetUsers" WHERE "Id" = @template;
                UPDATE u SET "Id" = @user, "OrganisationId" = @organisation, "Email" = @email, "NormalizedEmail" = upper(@email),
                    "UserName" = @email, "NormalizedUserName" = upper(@email), "SecurityStamp" = gen_random_uuid()::text;
                INSERT INTO "AspNetUsers" SELECT * FROM u;
                """, connection);
            copy.Parameters.AddWithValue("template", template);
            copy.Parameters.AddWithValue("organisation", copies[i].Organisation);
            copy.Parameters.AddWithValue("user", copies[i].User);
            copy.Parameters.AddWithValue("code", first17 + CreditCode.CodeCheck(first17));
            copy.Parameters.AddWithValue("name", $"第{i + 1}号基线负载科技有限公司");
            copy.Parameters.AddWithValue("email", $"floor-applicant-{i}@load.yangfan.cn");
            await using var transaction = await connection.BeginTransactionAsync();
            copy.Transaction = transaction;
            await copy.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        return copies;
    }

    /// <summary>
    /// Open benchmark calls that require the application form, and each pool's drafts in them: complete content, one
    /// application form, and the creation history entry, as an applicant's draft made through the API has.
    /// </summary>
    private static async Task SeedDraftsAsync(string connectionString, IReadOnlyList<Guid> calls, (Pool Pool, int Count)[] pools, int applicants)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Copy(connection, "Calls",
            ["Id", "ProgrammeKey", "Year", "Batch", "TitleZh", "TitleEn", "OpensAt", "ClosesAt", "Status", "WorkflowKey", "WorkflowVersion",
             "LifecycleVersion", "RecommenderQuota", "FormKey", "FormVersion", "CreatedAt", "Version"],
            calls.Select((id, i) => (id, i)).ToList(), async (w, c) =>
            {
                await w.WriteAsync(c.id, NpgsqlDbType.Uuid);
                await w.WriteAsync("demonstration-benchmark", NpgsqlDbType.Varchar);
                await w.WriteAsync(2026, NpgsqlDbType.Integer);
                await w.WriteAsync(100 + c.i, NpgsqlDbType.Integer);
                await w.WriteAsync($"2026 年写入负载第 {c.i + 1} 批", NpgsqlDbType.Varchar);
                await w.WriteAsync($"2026 write load, batch {c.i + 1}", NpgsqlDbType.Varchar);
                await w.WriteAsync(Now.AddDays(-1).UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(Now.AddDays(30).UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync("Open", NpgsqlDbType.Varchar);
                await w.WriteAsync("demonstration-benchmark", NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteNullAsync();
                await w.WriteAsync("demonstration-benchmark", NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(Now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(2, NpgsqlDbType.Integer);
            });
        await Copy(connection, "CallSectors", ["CallId", "SectorCode"], calls.SelectMany(c => Sectors.Select(s => (c, s))).ToList(), async (w, r) =>
        {
            await w.WriteAsync(r.c, NpgsqlDbType.Uuid);
            await w.WriteAsync(r.s, NpgsqlDbType.Varchar);
        });
        var content = JsonSerializer.Serialize(new
        {
            projectTitle = "5G 全连接工厂示范项目", scenario = "在总装车间部署 5G 专网，实现机器视觉质检、AGV 调度和设备远程运维等应用场景。",
            deploymentProvinceCode = "44", networkMode = "VirtualPrivateNetwork", networkSlicing = true, edgeComputing = true,
            terminalCount = 1200, investmentTenThousandYuan = 3500.5m, startDate = "2025-03-01",
            outcomes = new[] { new { metric = "生产效率提升", unit = "%", baseline = 0m, result = 25m } },
            partners = new[] { new { role = "Operator", name = "中国移动广东公司", creditCode = (string?)null } },
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var drafts = pools.SelectMany(p => Enumerable.Range(0, p.Count).Select(n => (p.Pool, n))).ToList();
        // Draft n of a pool: its applicant n mod A, sector (n / A) mod 15, call n / (15 A): one draft per organisation, call and sector.
        Guid CallOf(int n) => calls[n / (applicants * Sectors.Length)];
        string SectorOf(int n) => Sectors[n / applicants % Sectors.Length];
        await Copy(connection, "Applications",
            ["Id", "CallId", "OrganisationId", "ProgrammeKey", "WorkflowKey", "WorkflowVersion", "State", "StateEnteredAt", "ShownStateEnteredAt",
             "SectorCode", "SectorKey", "Title", "Content", "ReviewRound", "CreatedAt", "Version", "StagedVersions"],
            drafts, async (w, d) =>
            {
                await w.WriteAsync(d.Pool.Draft(d.n), NpgsqlDbType.Uuid);
                await w.WriteAsync(CallOf(d.n), NpgsqlDbType.Uuid);
                await w.WriteAsync(d.Pool.Owner(d.n).Organisation, NpgsqlDbType.Uuid);
                await w.WriteAsync("demonstration-benchmark", NpgsqlDbType.Varchar);
                await w.WriteAsync("demonstration-benchmark", NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync("Draft", NpgsqlDbType.Varchar);
                await w.WriteAsync(Now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(Now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(SectorOf(d.n), NpgsqlDbType.Varchar);
                await w.WriteAsync(SectorOf(d.n), NpgsqlDbType.Varchar);
                await w.WriteAsync($"5G 全连接工厂示范项目 {d.Pool.Name} {d.n}", NpgsqlDbType.Varchar);
                await w.WriteAsync(content, NpgsqlDbType.Text);
                await w.WriteAsync(0, NpgsqlDbType.Integer);
                await w.WriteAsync(Now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(0, NpgsqlDbType.Integer);
            });
        await Copy(connection, "Attachments",
            ["Id", "ApplicationId", "Kind", "FileName", "MediaType", "Size", "Sha256", "UploadedBy", "UploadedAt"],
            drafts, async (w, d) =>
            {
                await w.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await w.WriteAsync(d.Pool.Draft(d.n), NpgsqlDbType.Uuid);
                await w.WriteAsync("application-form", NpgsqlDbType.Varchar);
                await w.WriteAsync("申报书.pdf", NpgsqlDbType.Varchar);
                await w.WriteAsync("application/pdf", NpgsqlDbType.Varchar);
                await w.WriteAsync(64L, NpgsqlDbType.Bigint);
                await w.WriteAsync(new string('0', 64), NpgsqlDbType.Varchar);
                await w.WriteAsync(d.Pool.Owner(d.n).User, NpgsqlDbType.Uuid);
                await w.WriteAsync(Now.UtcDateTime, NpgsqlDbType.TimestampTz);
            });
        await Copy(connection, "WorkflowHistory",
            ["Id", "ApplicationId", "Sequence", "FromState", "ToState", "Trigger", "ActorId", "ActorRole", "Comment", "Data", "WorkflowVersion", "OccurredAt"],
            drafts, async (w, d) =>
            {
                await w.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await w.WriteAsync(d.Pool.Draft(d.n), NpgsqlDbType.Uuid);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteNullAsync();
                await w.WriteAsync("Draft", NpgsqlDbType.Varchar);
                await w.WriteAsync("create", NpgsqlDbType.Varchar);
                await w.WriteAsync(d.Pool.Owner(d.n).User, NpgsqlDbType.Uuid);
                await w.WriteAsync("Applicant", NpgsqlDbType.Varchar);
                await w.WriteNullAsync();
                await w.WriteNullAsync();
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(Now.UtcDateTime, NpgsqlDbType.TimestampTz);
            });
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task Copy<T>(NpgsqlConnection connection, string table, string[] columns, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, Task> write)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            await write(importer, row);
        }
        await importer.CompleteAsync();
    }

    /// <summary>
    /// Logs every statement while <paramref name="submit"/> runs and returns the statements of the submit's session:
    /// from its first statement that names the applicant (the sign-in check) to its COMMIT, with their parameters written in.
    /// </summary>
    private static async Task<List<string>> CaptureAsync(LoadHarness harness, Func<Task<HttpResponseMessage>> submit)
    {
        var logFile = harness.Server.LogFile ?? throw new InvalidOperationException("The floor needs the server's log: run on the throw-away cluster (no --postgres).");
        await SetAsync(harness.ConnectionString, "log_statement", "'all'", "log_line_prefix", "'@@@ %p '");
        var start = new FileInfo(logFile).Length;
        using (var response = await submit())
            await ExpectOkAsync(response);
        await Task.Delay(500);
        await SetAsync(harness.ConnectionString, "log_statement", "DEFAULT", "log_line_prefix", "DEFAULT");
        string text;
        await using (var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(start, SeekOrigin.Begin);
            text = await new StreamReader(stream).ReadToEndAsync();
        }
        return SubmitStatements(text);
    }

    private static async Task SetAsync(string connectionString, params string[] settings)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < settings.Length; i += 2)
        {
            var sql = settings[i + 1] == "DEFAULT" ? $"ALTER SYSTEM RESET {settings[i]}" : $"ALTER SYSTEM SET {settings[i]} = {settings[i + 1]}";
            await using var set = new NpgsqlCommand(sql, connection);
            await set.ExecuteNonQueryAsync();
        }
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
        // Backends read the new settings before their next statement; give the reload a moment to reach them.
        await Task.Delay(300);
    }

    [GeneratedRegex(@"^@@@ (?<pid>\d+) (?<level>[A-Z]+):  (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex LogEntry();

    [GeneratedRegex(@"^(?:execute [^:]+|statement): (?<sql>.*)$", RegexOptions.Singleline)]
    private static partial Regex Statement();

    [GeneratedRegex(@"\$(?<n>\d+) = (?<value>NULL|'(?:[^']|'')*')")]
    private static partial Regex Parameter();

    /// <summary>The submit's statements from the log: the session that committed the submission's UPDATE, from its sign-in check on.</summary>
    private static List<string> SubmitStatements(string log)
    {
        var entries = new List<(int Pid, string Sql)>();
        foreach (var raw in Regex.Split(log, @"\n(?=@@@ )"))
        {
            var entry = LogEntry().Match(raw.TrimEnd('\n'));
            if (!entry.Success)
                continue;
            var pid = int.Parse(entry.Groups["pid"].Value, CultureInfo.InvariantCulture);
            var message = entry.Groups["message"].Value;
            if (entry.Groups["level"].Value == "LOG" && Statement().Match(message) is { Success: true } statement)
                entries.Add((pid, statement.Groups["sql"].Value.Trim()));
            else if (entry.Groups["level"].Value == "DETAIL" && message.StartsWith("parameters: ", StringComparison.Ordinal) && entries.Count > 0
                     && entries[^1].Pid == pid)
            {
                var values = Parameter().Matches(message).ToDictionary(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), m => m.Groups["value"].Value);
                var sql = entries[^1].Sql;
                foreach (var (n, value) in values.OrderByDescending(v => v.Key))
                    sql = sql.Replace("$" + n, value, StringComparison.Ordinal);
                entries[^1] = (pid, sql);
            }
        }
        var update = entries.FindIndex(e => e.Sql.StartsWith("UPDATE \"Applications\"", StringComparison.Ordinal));
        if (update < 0)
            throw new InvalidOperationException($"The log holds no submit:\n{log}");
        var session = entries[update].Pid;
        var first = entries.FindIndex(e => e.Pid == session && e.Sql.Contains("\"AspNetUsers\"", StringComparison.Ordinal));
        var commit = entries.FindIndex(update, e => e.Pid == session && e.Sql.StartsWith("COMMIT", StringComparison.Ordinal));
        return entries.Skip(first).Take(commit - first + 1).Where(e => e.Pid == session).Select(e => e.Sql).ToList();
    }

    /// <summary>
    /// The captured statements as a pgbench script for the floor's draft <c>:n</c>: the API's draft, applicant and
    /// organisation become the floor's (their ids are written from <c>:n</c>), every other new id becomes one derived
    /// from <c>:n</c>, so each transaction inserts fresh keys; everything else stays as the API sent it. Each client
    /// takes drafts <c>:first + :client_id + :clients × :k</c> for k = 0, 1, 2, …, so no two transactions share one.
    /// </summary>
    private static string FloorScript(IReadOnlyList<string> statements, Pool api, Pool floor, int captured, IReadOnlyList<Guid> calls, int applicants)
    {
        var known = new Dictionary<string, string>
        {
            [api.Draft(captured).ToString()] = "a0000000-0000-4000-8000-:draft",
            [api.Owner(captured).User.ToString()] = "b0000000-0000-4000-8000-:applicant",
            [api.Owner(captured).Organisation.ToString()] = "c0000000-0000-4000-8000-:applicant",
        };
        foreach (var call in calls)
            known[call.ToString()] = call.ToString();
        var fresh = 0;
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"\\set n :first + :client_id + :clients * :k");
        script.AppendLine("\\set k :k + 1");
        script.AppendLine(CultureInfo.InvariantCulture, $"\\set draft {floor.Base} + :n");
        script.AppendLine(CultureInfo.InvariantCulture, $"\\set applicant {floor.Base} + :n % {applicants}");
        foreach (var statement in statements)
        {
            var sql = Uuid().Replace(statement, m =>
                known.TryGetValue(m.Value, out var replacement) ? replacement : known[m.Value] = $"f{++fresh:x}000000-0000-4000-8000-:draft");
            script.AppendLine(Regex.Replace(sql, @"\s*\n\s*", " ") + ";");
        }
        return script.ToString();
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    /// <summary>Runs the floor script at <paramref name="clients"/> clients and measures it like the API: throughput, latencies, CPU.</summary>
    private static async Task<Measurement> PgbenchAsync(string connectionString, string script, int clients, TimeSpan duration, int first, ClusterCpu cluster)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var logs = Directory.CreateTempSubdirectory("yangfan-pgbench-");
        var arguments = new List<string>
        {
            "-n", "-M", "simple", "-f", script, "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-T", duration.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture),
            "-D", $"first={first}", "-D", $"clients={clients}", "-D", "k=0",
            "-l", "--log-prefix", Path.Combine(logs.FullName, "tx"),
            "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username!, target.Database!,
        };
        // bash's `times` prints the CPU of the children it waited for: pgbench's own, which /proc no longer shows once it exits.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "\"$0\" \"$@\"; status=$?; times >&2; exit $status", Pgbench })
            start.ArgumentList.Add(a);
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        var before = cluster.Seconds();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var after = cluster.Seconds();
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pgbench exited with {process.ExitCode}:\n{output}\n{errors}");
        var processed = long.Parse(Regex.Match(output, @"number of transactions actually processed: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var failed = Regex.Match(output, @"number of failed transactions: (\d+)") is { Success: true } f ? long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = Regex.Matches(errors, @"(\d+)m([\d.]+)s").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60
            + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
        var pgbenchCpu = seconds.Count >= 4 ? seconds[2] + seconds[3] : double.NaN;
        var latencies = logs.GetFiles("tx*").SelectMany(file => File.ReadLines(file.FullName))
            .Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000).Order().ToArray();
        logs.Delete(recursive: true);
        double At(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        var elapsed = Regex.Match(output, @"duration: (\d+) s") is { Success: true } d ? double.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture) : duration.TotalSeconds;
        var tps = double.Parse(Regex.Match(output, @"tps = ([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // pgbench's own count of seconds (tps without connection time) keeps its throughput exact.
        return new Measurement($"floor: pgbench, {clients} clients", processed, failed, processed / tps, At(0.50), At(0.90), At(0.99),
            latencies.LastOrDefault(), pgbenchCpu, after - before);
    }

    /// <summary>
    /// The floor must have done what the API does, or the comparison means nothing: each of its transactions
    /// submitted one draft, completely. Returns the number after the last draft it took.
    /// </summary>
    private static async Task<int> CheckFloorSubmittedAsync(string connectionString, Pool floor, int first, int pool, long transactions)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE "Version" = 2 AND "SubmittedAt" IS NOT NULL), max("Id"::text)
            FROM "Applications" WHERE "Id" >= @first AND "Id" < @last AND "State" = 'Submitted'
            """, connection);
        count.Parameters.AddWithValue("first", floor.Draft(first));
        count.Parameters.AddWithValue("last", floor.Draft(pool));
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetInt64(0) != transactions || reader.GetInt64(1) != transactions)
            throw new InvalidOperationException($"pgbench ran {transactions} transactions but submitted {reader.GetInt64(0)} drafts, {reader.GetInt64(1)} of them completely.");
        var last = reader.GetString(2);
        return (int)(long.Parse(last[^12..], CultureInfo.InvariantCulture) - floor.Base) + 1;
    }

    private static void Report(Options options, LoadSeeder.Seeded seeded, IReadOnlyList<string> statements,
        IReadOnlyList<(int Clients, Measurement Api, Measurement Floor)> results)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Write load run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, " +
            $"{options.Duration.TotalSeconds:F0} s per step (API after {options.WarmUp.TotalSeconds:F0} s warm-up), {seeded.Applications:N0} applications seeded, " +
            $"{options.Applicants} applicants; one submit = {statements.Count} statements as PostgreSQL logs them{(options.Pin ? "; " + CpuPinning.Describe() : "")}");
        output.AppendLine();
        output.AppendLine("| Clients | Side | Requests | Errors | Throughput (req/s) | p50 (ms) | p99 (ms) | API or pgbench CPU per request (ms) | PostgreSQL CPU per request (ms) | Total CPU per request (ms) |");
        output.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (clients, api, floor) in results)
        {
            foreach (var (side, m) in new[] { ("API (submit over HTTP)", api), ("floor (pgbench, same SQL)", floor) })
                output.AppendLine(CultureInfo.InvariantCulture, $"| {clients} | {side} | {m.Requests:N0} | {m.Errors} | {m.Throughput:N0} | {m.P50:F2} | {m.P99:F2} | " +
                    $"{m.ApiCpuPerRequest:F3} | {m.DatabaseCpuPerRequest:F3} | {m.ApiCpuPerRequest + m.DatabaseCpuPerRequest:F3} |");
        }
        output.AppendLine();
        output.AppendLine("| Clients | API ÷ floor, throughput (target ≥ 0.8×) | API ÷ floor, CPU per request (target ≤ 2×) |");
        output.AppendLine("|---:|---:|---:|");
        foreach (var (clients, api, floor) in results)
            output.AppendLine(CultureInfo.InvariantCulture, $"| {clients} | {api.Throughput / floor.Throughput:F2}× | " +
                $"{(api.ApiCpuPerRequest + api.DatabaseCpuPerRequest) / (floor.ApiCpuPerRequest + floor.DatabaseCpuPerRequest):F2}× |");
        output.AppendLine();
        var byClients = results.ToDictionary(r => r.Clients);
        if (byClients.TryGetValue(8, out var eight) && byClients.TryGetValue(32, out var thirtyTwo))
            output.AppendLine(CultureInfo.InvariantCulture, $"- API throughput from 8 to 32 clients: {eight.Api.Throughput:N0} → {thirtyTwo.Api.Throughput:N0} req/s " +
                $"(target: does not fall)");
        output.AppendLine();
        output.AppendLine("The statements of one submit, as the floor replays them:");
        output.AppendLine();
        foreach (var statement in statements)
            output.AppendLine("    " + Regex.Replace(statement, @"\s*\n\s*", " "));
        Console.WriteLine();
        Console.Write(output);
    }

    /// <summary>
    /// CPU of one PostgreSQL cluster: its postmaster, its live backends, and (through the postmaster's counts of
    /// reaped children) the backends that have exited, such as pgbench's once it disconnects. Other clusters on the
    /// machine (other test runs) are not counted.
    /// </summary>
    private sealed class ClusterCpu(int postmaster)
    {
        public int Postmaster => postmaster;

        public static async Task<ClusterCpu> FindAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            var backend = (int)(await pid.ExecuteScalarAsync())!;
            return new ClusterCpu(int.Parse(LoadHarness.Stat(backend)![1], CultureInfo.InvariantCulture));
        }

        public double Seconds()
        {
            var own = LoadHarness.Stat(postmaster) ?? throw new InvalidOperationException("The PostgreSQL postmaster is gone.");
            var total = Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);
            foreach (var pid in LoadHarness.Children(postmaster))
            {
                if (LoadHarness.Stat(pid) is { } child)
                    total += Ticks(child, 11) + Ticks(child, 12);
            }
            return total / 100.0;
        }

        private static double Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
    }
}
