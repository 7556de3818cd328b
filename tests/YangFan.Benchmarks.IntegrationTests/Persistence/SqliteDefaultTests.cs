using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>The embedded default must keep working: the same flows on SQLite, with its own migrations.</summary>
public sealed class SqliteDefaultTests : SqliteApiTest
{
    [Fact]
    public async Task TheDataFolderbase_file_is_created_migrated_and_seeded_on_first_run()
    {
        Assert.True(File.Exists(Path.Combine(DataFolder, "yangfan.db")));
        var sectors = await Factory.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/sectors");
        Assert.Equal(15, sectors!.Length);
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Register_sign_in_refresh_and_reuse_detection_work_on_SQLite()
    {
        var client = Factory.CreateClient();
        await Calls.RegisterAsync(client, "sqlite@example.cn");
        var tokens = await Calls.TokenAsync(client, "sqlite@example.cn", "Applicant-Passw0rd");
        var original = tokens.GetProperty("refreshToken").GetString()!;

        await Expect.StatusAsync(await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = original }), HttpStatusCode.OK);
        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = original }), 401, "refresh-token-reused");

        var me = await client.WithBearer(tokens.GetProperty("accessToken").GetString()!).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("sqlite@example.cn", me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Duplicate_credit_codes_and_bad_input_are_refused_on_SQLite()
    {
        var client = Factory.CreateClient();
        var code = TestData.NewCreditCode();
        await Calls.RegisterAsync(client, "first@example.cn", code);

        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/register", Calls.Registration("second@example.cn", code)), 409, "credit-code-registered");
        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/register", Calls.Registration("third@example.cn", TestData.Corrupt(code))), 400, "validation");
    }

    [Fact]
    public async Task The_audit_chain_verifies_on_SQLite_under_concurrent_commands_and_filters_by_time()
    {
        var anonymous = Factory.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            anonymous.PostAsJsonAsync("/api/auth/register", Calls.Registration($"concurrent{i}@example.cn"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);

        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        var recent = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=user.registered&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&limit=100");

        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.Equal(8, recent.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_home_pages_open_calls_and_the_indicators_page_work_on_SQLite()
    {
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        await WorkflowBuilder.OpenCallAsync(admin);

        var home = await Factory.CreateClient().GetStringAsync("/");
        var indicators = await Factory.CreateClient().GetStringAsync("/indicators");

        Assert.Contains("2026 年第一批", home);
        Assert.Contains("125.6%", indicators);
    }

    [Fact]
    public async Task A_call_an_application_its_attachment_and_its_workflow_run_on_SQLite()
    {
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre", quota: 1, requiredAttachments: ["application-form"]);
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre", attachRequired: false);
        var form = new MultipartFormDataContent { { new StringContent("application-form"), "kind" } };
        form.Add(new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n")), "file", "form.pdf");
        await Expect.StatusAsync(await applicant.PostAsync($"/api/applications/{id}/attachments", form), HttpStatusCode.Created);

        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit", idempotencyKey: "once"), HttpStatusCode.OK);
        await admin.PostAsJsonAsync("/api/users", new
        {
            email = "gd@example.cn", password = "Recommender-Passw0rd", displayName = "广东", role = "Recommender",
            recommender = new { provinceCode = "44" },
        });
        var recommender = await Calls.SignedInAsync(Factory, "gd@example.cn", "Recommender-Passw0rd");
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, id, "recommend"), HttpStatusCode.OK);
        var listing = await admin.GetFromJsonAsync<JsonElement>($"/api/applications?callId={callId}&limit=1");

        Assert.Equal(id, listing.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal("FormalCheck", listing.GetProperty("items")[0].GetProperty("state").GetString());
        var history = await applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{id}/history");
        Assert.Equal(["create", "submit", "recommend"], history!.Select(h => h.GetProperty("trigger").GetString()));
    }

    [Fact]
    public async Task Decisions_notices_directories_and_progress_run_on_SQLite()
    {
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, await WorkflowBuilder.CreateExpertsAsync(admin, 3));
        await s.MoveAsync(admin, "shortlist");
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{s.CallId}/decisions/release", null), HttpStatusCode.OK);

        var notices = await Factory.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/notices");
        var progress = await Factory.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/progress");
        var directories = await Factory.CreateClient().GetAsync("/api/directories");

        Assert.Equal(s.ApplicationId, Assert.Single(notices!).GetProperty("entries")[0].GetProperty("applicationId").GetGuid());
        Assert.Equal(1, progress!.Single(p => p.GetProperty("key").GetString() == "demonstration-benchmark")
            .GetProperty("total").GetProperty("inNotice").GetInt32());
        await Expect.StatusAsync(directories, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_second_start_on_the_same_file_adds_nothing()
    {
        var before = await CountAsync();

        await using (var second = new ApiFactory(ApiFactory.SqliteSettings(DataFolder)))
            _ = second.Server;

        Assert.Equal(before, await CountAsync());
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataFolder, "yangfan.db")}");
        await connection.OpenAsync();
        long total = 0;
        foreach (var table in new[] { "Sectors", "Programmes", "Provinces", "Indicators", "IndicatorObservations", "AspNetUsers", "AuditEvents" })
        {
            await using var command = new SqliteCommand($"SELECT count(*) FROM \"{table}\"", connection);
            total += (long)(await command.ExecuteScalarAsync())!;
        }
        return total;
    }
}
