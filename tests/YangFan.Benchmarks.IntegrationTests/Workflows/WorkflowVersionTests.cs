using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Workflows;

public sealed class WorkflowVersionTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static JsonObject DefaultDefinition(string key = "demonstration-benchmark") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", $"{key}.json")))!.AsObject();

    /// <summary>Version 2: the recommender's recommendation goes straight to expert review; the formal check is on request.</summary>
    private static JsonObject VersionTwo()
    {
        var definition = DefaultDefinition();
        definition["version"] = WorkflowVersions.BenchmarkNext;
        var recommend = definition["transitions"]!.AsArray().Single(t => t!["trigger"]!.GetValue<string>() == "recommend")!;
        recommend["to"] = "ExpertReview";
        recommend["effects"] = new JsonArray(new JsonObject { ["name"] = "start-review-round" });
        // The formal check stays reachable, at an administrator's request.
        definition["transitions"]!.AsArray().Add(new JsonObject
        {
            ["trigger"] = "request-check", ["from"] = "Submitted", ["to"] = "FormalCheck", ["roles"] = new JsonArray("Admin"),
        });
        return definition;
    }

    [Fact]
    public async Task The_default_workflows_are_imported_as_published_versions()
    {
        var admin = await AsAdminAsync();

        var workflows = await admin.GetFromJsonAsync<JsonElement[]>("/api/workflows");

        var keys = workflows!.Select(w => w.GetProperty("key").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "demonstration-benchmark", "solution-supplier", "innovation-centre", "security-centre" }, keys);
        Assert.All(workflows!, w => Assert.Equal("Published", w.GetProperty("status").GetString()));
        var one = await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.Benchmark}");
        Assert.Equal("Draft", one.GetProperty("definition").GetProperty("initial").GetString());
    }

    [Fact]
    public async Task The_list_counts_the_calls_pinned_to_a_programme_version_and_to_a_call_lifecycle_version()
    {
        var admin = await AsAdminAsync();
        async Task<(int Programme, int Lifecycle)> CallsAsync()
        {
            var workflows = await admin.GetFromJsonAsync<JsonElement[]>("/api/workflows");
            int Sum(string key) => workflows!.Where(w => w.GetProperty("key").GetString() == key).Sum(w => w.GetProperty("calls").GetInt32());
            return (Sum("demonstration-benchmark"), Sum("call"));
        }
        var before = await CallsAsync();

        await WorkflowBuilder.OpenCallAsync(admin);

        Assert.Equal((before.Programme + 1, before.Lifecycle + 1), await CallsAsync());
    }

    [Fact]
    public async Task An_invalid_draft_gets_422_listing_every_error_with_its_path_and_is_not_stored()
    {
        var admin = await AsAdminAsync();
        var definition = DefaultDefinition();
        definition["version"] = 9;
        definition["initial"] = "Nowhere";
        definition["review"]!["criteria"]![0]!["weight"] = 5;
        var before = await CountRowsAsync();

        var response = await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", definition);

        var problem = await Expect.ProblemAsync(response, 422, "workflow-invalid");
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.initial", paths);
        Assert.Contains("$.review.criteria", paths);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_draft_is_uploaded_then_published_once()
    {
        var admin = await AsAdminAsync();

        var upload = await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", VersionTwo());
        await Expect.StatusAsync(upload, HttpStatusCode.Created);
        Assert.Equal("Draft", (await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}")).GetProperty("status").GetString());
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", VersionTwo()), 409, "duplicate");

        await Expect.StatusAsync(await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null), HttpStatusCode.OK);
        await Expect.ProblemAsync(await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null), 409, "conflict");
        Assert.Equal("Published", (await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_whose_key_differs_from_the_url_is_refused()
    {
        var admin = await AsAdminAsync();

        var problem = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/workflows/security-centre/versions", VersionTwo()), 422, "workflow-invalid");

        Assert.Equal("$.key", problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Publishing_a_new_version_leaves_running_applications_on_theirs()
    {
        var admin = await AsAdminAsync();
        var running = await WorkflowScenario.CreateAsync(Factory, admin);
        await running.MoveAsync(running.Applicant, "submit");
        await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", VersionTwo());
        await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null);

        // The running v1 application still goes to the formal check.
        Assert.Equal("FormalCheck", await running.MoveAsync(running.Recommender, "recommend"));
        Assert.Equal(WorkflowVersions.Benchmark, (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{running.ApplicationId}")).GetProperty("workflowVersion").GetInt32());

        // A call opened now pins v2, and its applications follow v2.
        var fresh = await WorkflowScenario.CreateAsync(Factory, admin);
        await fresh.MoveAsync(fresh.Applicant, "submit");
        Assert.Equal("ExpertReview", await fresh.MoveAsync(fresh.Recommender, "recommend"));
    }

    [Fact]
    public async Task A_migration_dry_run_reports_moves_and_blocked_applications_without_changing_and_a_real_run_moves_and_audits()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        var v2 = VersionTwo();
        // v2 renames the formal check, so the state map must say where those applications go.
        foreach (var state in v2["states"]!.AsArray())
            if (state!["name"]!.GetValue<string>() == "FormalCheck") state["name"] = "Compliance";
        foreach (var t in v2["transitions"]!.AsArray())
        {
            if (t!["to"]!.GetValue<string>() == "FormalCheck") t["to"] = "Compliance";
            var from = t["from"]!;
            t["from"] = from is JsonArray list
                ? new JsonArray(list.Select(x => (JsonNode)JsonValue.Create(x!.GetValue<string>() == "FormalCheck" ? "Compliance" : x.GetValue<string>())!).ToArray())
                : JsonValue.Create(from.GetValue<string>() == "FormalCheck" ? "Compliance" : from.GetValue<string>());
        }
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", v2), HttpStatusCode.Created);
        await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null);

        // Without a map the dry run says which applications cannot move and why; the real run refuses them all.
        var unmapped = await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/migrations", new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, dryRun = true });
        await Expect.StatusAsync(unmapped, HttpStatusCode.OK);
        var preview = await unmapped.Content.ReadFromJsonAsync<JsonElement>();
        var blocked = preview.GetProperty("blocked").EnumerateArray().Single(b => b.GetProperty("applicationId").GetGuid() == s.ApplicationId);
        Assert.Equal("FormalCheck", blocked.GetProperty("fromState").GetString());
        Assert.Equal("unmapped-state", blocked.GetProperty("code").GetString());
        Assert.DoesNotContain(preview.GetProperty("instances").EnumerateArray(), i => i.GetProperty("applicationId").GetGuid() == s.ApplicationId);
        var problem = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/migrations",
            new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, dryRun = false }), 422, "workflow-invalid");
        Assert.Contains(s.ApplicationId.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal(WorkflowVersions.Benchmark, (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}")).GetProperty("workflowVersion").GetInt32());
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/migrations",
            new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, stateMap = new Dictionary<string, string> { ["FormalCheck"] = "Nowhere" }, dryRun = true }), 422, "workflow-invalid");

        var before = await CountRowsAsync();
        var dry = await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/migrations",
            new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, stateMap = new Dictionary<string, string> { ["FormalCheck"] = "Compliance" }, dryRun = true });
        await Expect.StatusAsync(dry, HttpStatusCode.OK);
        var report = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Compliance", report.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("applicationId").GetGuid() == s.ApplicationId).GetProperty("toState").GetString());
        Assert.Equal(before, await CountRowsAsync());

        var real = await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/migrations",
            new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, stateMap = new Dictionary<string, string> { ["FormalCheck"] = "Compliance" }, dryRun = false });
        await Expect.StatusAsync(real, HttpStatusCode.OK);

        var application = await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}");
        Assert.Equal(WorkflowVersions.BenchmarkNext, application.GetProperty("workflowVersion").GetInt32());
        Assert.Equal("Compliance", application.GetProperty("state").GetString());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'workflow.migrated'"));
        // The migrated application now follows v2.
        Assert.Equal("ExpertReview", await s.MoveAsync(admin, "accept"));
    }

    [Fact]
    public async Task Diagrams_come_as_Mermaid_or_DOT_with_guard_names_on_the_edges()
    {
        var admin = await AsAdminAsync();

        var mermaid = await admin.GetStringAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.Benchmark}/diagram?format=mermaid");
        var dot = await admin.GetStringAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.Benchmark}/diagram?format=dot");

        Assert.StartsWith("stateDiagram-v2", mermaid.TrimStart());
        Assert.Contains("call-open", mermaid);
        Assert.Contains("digraph", dot);
        Assert.Contains("reviews-complete", dot);
        await Expect.ProblemAsync(await admin.GetAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.Benchmark}/diagram?format=png"), 400, "validation");
        await Expect.ProblemAsync(await admin.GetAsync("/api/workflows/demonstration-benchmark/versions/99/diagram"), 404, "not-found");
    }

    [Fact]
    public async Task A_workflow_file_changed_without_a_new_version_stops_the_start_up()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"yangfan-wf-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json"))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        var definition = DefaultDefinition();
        definition["notice"]!["days"] = 5;
        File.WriteAllText(Path.Combine(directory, "demonstration-benchmark.json"), definition.ToJsonString());
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, directory);
        settings["Workflows:Path"] = directory;
        using var factory = new ApiFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains($"changed but still says version {WorkflowVersions.Benchmark}", error.ToString());
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Workflow_administration_is_for_admins_only()
    {
        var admin = await AsAdminAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");

        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/workflows"), 401, "unauthenticated");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/workflows"), 403, "forbidden");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", VersionTwo()), 403, "forbidden");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync("/api/workflows/demonstration-benchmark/migrations", new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext }), 403, "forbidden");
    }
}
