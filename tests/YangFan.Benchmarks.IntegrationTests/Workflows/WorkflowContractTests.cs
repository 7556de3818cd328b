using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Workflows;

/// <summary>
/// A workflow is a contract: the API asks a definition for state tags, never for state names, and refuses one that
/// lacks a tag it relies on. So a version whose every state is renamed, but tagged, runs like the default one.
/// </summary>
public sealed class WorkflowContractTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>The default benchmark states under pinyin names.</summary>
    private static readonly Dictionary<string, string> Pinyin = new()
    {
        ["Draft"] = "CaoGao", ["Submitted"] = "DaiTuiJian", ["FormalCheck"] = "XingShiShenCha", ["ExpertReview"] = "ZhuanJiaPingShen",
        ["Deliberation"] = "ZongHePingYi", ["Shortlisted"] = "NiRuXuan", ["RejectionStaged"] = "NiBuRuXuan", ["PublicNotice"] = "GongShiZhong",
        ["Approved"] = "YiRuXuan", ["Published"] = "YiFaBu", ["Declined"] = "WeiHuoTuiJian", ["Ineligible"] = "BuFuHeTiaoJian",
        ["Rejected"] = "WeiRuXuan", ["Withdrawn"] = "YiCheHui", ["Revoked"] = "YiCheXiao",
    };

    private static JsonObject DefaultDefinition(string key = "demonstration-benchmark") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", $"{key}.json")))!.AsObject();

    /// <summary>Version 2 of the benchmark workflow: the same states and transitions, every state renamed.</summary>
    private static JsonObject Renamed()
    {
        var definition = DefaultDefinition();
        definition["version"] = WorkflowVersions.BenchmarkNext;
        definition["initial"] = Pinyin[definition["initial"]!.GetValue<string>()];
        foreach (var state in definition["states"]!.AsArray())
        {
            state!["name"] = Pinyin[state["name"]!.GetValue<string>()];
            if (state["visibleAs"] is { } shown)
                state["visibleAs"] = Pinyin[shown.GetValue<string>()];
        }
        foreach (var transition in definition["transitions"]!.AsArray())
        {
            transition!["to"] = Pinyin[transition["to"]!.GetValue<string>()];
            transition["from"] = transition["from"] is JsonArray sources
                ? new JsonArray(sources.Select(s => (JsonNode)JsonValue.Create(Pinyin[s!.GetValue<string>()])).ToArray())
                : JsonValue.Create(Pinyin[transition["from"]!.GetValue<string>()]);
        }
        return definition;
    }

    [Fact]
    public async Task A_version_with_every_state_renamed_but_tagged_runs_from_application_to_published_directory()
    {
        var admin = await AsAdminAsync();
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", Renamed()), HttpStatusCode.Created);
        await Expect.StatusAsync(await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null), HttpStatusCode.OK);
        var now = DateTimeOffset.UtcNow;

        // DaiTuiJian awaits recommendation: the province sees a submitted application as pending.
        var waiting = await WorkflowScenario.CreateAsync(Factory, admin);
        Assert.Equal("DaiTuiJian", await waiting.MoveAsync(waiting.Applicant, "submit"));
        Assert.Contains((await waiting.Recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending"))!,
            p => p.GetProperty("id").GetGuid() == waiting.ApplicationId);

        // A call opened now pins the renamed version. CaoGao is editable (the scenario edits the draft before it
        // submits), and ZhuanJiaPingShen collects reviews: experts are assigned and review.
        var s = await Reviews.ReviewScenario.InReviewAsync(Factory, admin, partner: TestData.NewCreditCode());
        var application = await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}");
        Assert.Equal(WorkflowVersions.BenchmarkNext, application.GetProperty("workflowVersion").GetInt32());
        Assert.Equal("ZhuanJiaPingShen", application.GetProperty("state").GetString());
        foreach (var province in new[] { "11", "31", "32" })
        {
            var expert = await Reviews.ReviewScenario.ExpertAsync(Factory, admin, province: province);
            var assignment = await Reviews.ReviewScenario.AssignAsync(admin, s.ApplicationId, expert.Id);
            await Expect.StatusAsync(await Reviews.ReviewScenario.ReviewAsync(expert.Client, assignment, Reviews.ReviewScenario.Scores(85)), HttpStatusCode.OK);
        }
        Assert.Equal("ZongHePingYi", await s.StateAsync());

        // Shortlisted under its new name (within the target), released into the call's public notice.
        Assert.Equal("NiRuXuan", await s.MoveAsync(admin, "shortlist"));
        Assert.Equal("GongShiZhong", await s.ReleaseAsync());
        var notice = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/notices"))!.Single(n => n.GetProperty("callId").GetGuid() == s.CallId);
        Assert.Equal(s.ApplicationId, notice.GetProperty("entries")[0].GetProperty("applicationId").GetGuid());

        // The notice ends on the durable timer, fired by a later process.
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-contract-{Guid.NewGuid():N}"));
        await using (var later = new ApiFactory(settings, time: new FakeTimeProvider(now.AddDays(8))))
            await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None);
        Assert.Equal("YiRuXuan", await s.StateAsync());

        // YiRuXuan is approved: the directory publishes it, and progress counts it selected.
        var published = await admin.PostAsync($"/api/calls/{s.CallId}/directory", null);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        var directoryId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var csv = Encoding.UTF8.GetString(await Anonymous().GetByteArrayAsync($"/api/directories/{directoryId}/export?format=csv"));
        Assert.Contains(await Reviews.ReviewScenario.ApplicantCodeAsync(s), csv);
        Assert.Equal("YiFaBu", await s.StateAsync());
        var progress = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!.Single(p => p.GetProperty("key").GetString() == "demonstration-benchmark");
        Assert.Equal(1, progress.GetProperty("total").GetProperty("selected").GetInt32());
    }

    [Fact]
    public async Task A_definition_without_a_tag_the_API_requires_is_refused_with_the_path_and_not_stored()
    {
        var admin = await AsAdminAsync();
        var definition = Renamed();
        // YiRuXuan loses "approved": no state would be published in a directory.
        var approved = definition["states"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "YiRuXuan")!;
        approved["tags"] = new JsonArray("holds-target-slot");
        // And CaoGao gets a tag the API does not declare.
        var draft = definition["states"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "CaoGao")!;
        draft["tags"] = new JsonArray(StateTags.Editable, "archived");
        var before = await CountRowsAsync();

        var problem = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", definition), 422, "workflow-invalid");

        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (Path: e.GetProperty("path").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(errors, e => e.Path == "$.states" && e.Message.Contains("'approved'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.states[0].tags[1]" && e.Message.Contains("Unknown tag 'archived'", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_database_from_before_tags_has_its_stored_versions_tagged_at_start_up()
    {
        // The shipped version as a database created before tags stored it: collectsReviews where the file now has the tag.
        var legacy = DefaultDefinition();
        foreach (var state in legacy["states"]!.AsArray().Select(s => s!.AsObject()))
        {
            var properties = state.ToList();
            state.Clear();
            foreach (var (name, value) in properties)
                if (name != "tags")
                    state[name] = value;
                else if (value!.AsArray().Any(t => t!.GetValue<string>() == StateTags.CollectsReviews))
                    state["collectsReviews"] = true;
        }
        var content = legacy.ToJsonString().Replace("'", "''");
        await ExecuteAsync($"""UPDATE "Workflows" SET "Content" = '{content}', "ContentHash" = '{YangFan.Benchmarks.Workflows.WorkflowLoader.ContentHash(legacy.ToJsonString())}' WHERE "Key" = 'demonstration-benchmark' AND "Version" = {WorkflowVersions.Benchmark}""");

        // The next start-up imports the tagged file over it instead of refusing to start.
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-tagged-{Guid.NewGuid():N}"));
        await using (var restarted = new ApiFactory(settings))
            _ = restarted.Server;

        var file = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "demonstration-benchmark.json"));
        Assert.Equal(YangFan.Benchmarks.Workflows.WorkflowLoader.ContentHash(file),
            await ScalarAsync<string>($"""SELECT "ContentHash" FROM "Workflows" WHERE "Key" = 'demonstration-benchmark' AND "Version" = {WorkflowVersions.Benchmark}"""));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'workflow.tagged'"));
        var admin = await AsAdminAsync();
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.Benchmark}");
        Assert.Contains(stored.GetProperty("definition").GetProperty("states").EnumerateArray(),
            s => s.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == StateTags.Approved));
    }

    [Fact]
    public async Task Whether_a_call_opens_sectors_follows_the_programmes_target_scope_not_its_key()
    {
        var admin = await AsAdminAsync();
        await ExecuteAsync("""UPDATE "Programmes" SET "TargetScope" = 'PerSector' WHERE "Key" = 'solution-supplier'""");
        var now = DateTimeOffset.UtcNow;
        object Call(string[]? sectors) => new
        {
            programmeKey = "solution-supplier", year = 2026, batch = 1, titleZh = "2026 年第一批", titleEn = "2026 first batch",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), sectors,
        };

        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", Call(null)), 400, "validation");
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/calls", Call(["smart-ports"])), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_stored_published_version_without_the_tags_the_API_requires_stops_the_start_up()
    {
        // Published (say, uploaded before tags existed) with no tags at all.
        var untagged = DefaultDefinition();
        untagged["version"] = 7;
        foreach (var state in untagged["states"]!.AsArray())
            state!.AsObject().Remove("tags");
        var content = untagged.ToJsonString().Replace("'", "''");
        await ExecuteAsync($"""
            INSERT INTO "Workflows" ("Key", "Version", "Status", "TitleZh", "TitleEn", "Content", "ContentHash", "Source", "CreatedAt", "PublishedAt")
            VALUES ('demonstration-benchmark', 7, 'Published', '示范', 'Benchmark', '{content}', 'untagged', 'upload', now(), now())
            """);
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-untagged-{Guid.NewGuid():N}"));
        using var factory = new ApiFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("demonstration-benchmark v7: $.states: No state is tagged 'editable'", error.ToString());
    }
}
