using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Workflows;

/// <summary>
/// <c>release</c>, <c>publish</c>, <c>revoke</c> and <c>sustain-objection</c> are Admin transitions of the workflows,
/// but only their own endpoints fire them, because only those do the bookkeeping: the public notice, the directory
/// version, the objection's resolution (ADR 0011).
/// </summary>
public sealed class DedicatedTriggerTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Comment = "通过通用转换接口直接触发，应当被拒绝。";

    /// <summary>A scenario's application shortlisted by the administrator, its decision staged.</summary>
    private async Task<WorkflowScenario> ShortlistedAsync(HttpClient admin)
    {
        var s = await Reviews.ReviewScenario.InReviewAsync(Factory, admin);
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, await WorkflowBuilder.CreateExpertsAsync(admin, 3));
        Assert.Equal("Shortlisted", await s.MoveAsync(admin, "shortlist"));
        return s;
    }

    /// <summary>
    /// Fires the trigger through <c>POST /api/applications/{id}/transitions</c>, with a comment and an idempotency key,
    /// and asserts the 409 naming the endpoint, and that nothing at all was written.
    /// </summary>
    private async Task AssertRefusedAsync(WorkflowScenario s, string trigger, string endpoint)
    {
        var before = await s.Admin.GetAsync($"/api/applications/{s.ApplicationId}");
        var state = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
        var history = await HistoryCountAsync(s);
        var rows = await CountRowsAsync();

        var problem = await Expect.ProblemAsync(
            await s.FireAsync(s.Admin, trigger, Comment, idempotencyKey: $"bypass-{trigger}"), 409, "dedicated-endpoint");

        Assert.Equal(trigger, problem.GetProperty("trigger").GetString());
        Assert.Equal(endpoint, problem.GetProperty("endpoint").GetString());
        Assert.Contains(endpoint, problem.GetProperty("detail").GetString());
        var after = await s.Admin.GetAsync($"/api/applications/{s.ApplicationId}");
        Assert.Equal(state, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(history, await HistoryCountAsync(s));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM \"IdempotencyRecords\""));
        Assert.Equal(rows, await CountRowsAsync());
    }

    /// <summary>The administrator's actions offer the trigger, disabled, with the endpoint that fires it.</summary>
    private static async Task AssertOfferedDisabledAsync(WorkflowScenario s, string trigger, string endpoint)
    {
        var actions = (await s.Admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/actions"))!;

        var action = Assert.Single(actions, a => a.GetProperty("trigger").GetString() == trigger);
        Assert.False(action.GetProperty("enabled").GetBoolean());
        Assert.Empty(action.GetProperty("unmetGuards").EnumerateArray());
        var dedicated = action.GetProperty("dedicated");
        Assert.Equal(endpoint, dedicated.GetProperty("endpoint").GetString());
        Assert.StartsWith($"Fired only by {endpoint}, which ", dedicated.GetProperty("description").GetString());
        Assert.All(actions.Where(a => a.GetProperty("trigger").GetString() != trigger),
            a => Assert.Equal(JsonValueKind.Null, a.GetProperty("dedicated").ValueKind));
    }

    private Task<long> HistoryCountAsync(WorkflowScenario s) =>
        ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}'");

    [Fact]
    public async Task Each_dedicated_trigger_sent_as_a_transition_gets_409_naming_its_endpoint_and_changes_nothing()
    {
        var admin = await AsAdminAsync();
        var s = await ShortlistedAsync(admin);

        await AssertRefusedAsync(s, "release", "POST /api/calls/{id}/decisions/release");
        Assert.Equal("PublicNotice", await s.ReleaseAsync());

        await AssertRefusedAsync(s, "sustain-objection", "POST /api/objections/{id}/resolve");
        // The notice's end is not what this test is about; the timer's part is in TimerTests.
        await ExecuteAsync($"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"Id\" = '{s.ApplicationId}'");

        await AssertRefusedAsync(s, "publish", "POST /api/calls/{id}/directory");
        var published = await admin.PostAsync($"/api/calls/{s.CallId}/directory", null);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        Assert.Equal("Published", await s.StateAsync());

        await AssertRefusedAsync(s, "revoke", "POST /api/directory-entries/{id}/revoke");
        var directoryId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var entry = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{directoryId}"))
            .GetProperty("entries").GetProperty("items")[0].GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/directory-entries/{entry}/revoke",
            new { reason = "复核发现项目已停止运行，依规撤销。" }), HttpStatusCode.OK);
        Assert.Equal("Revoked", await s.StateAsync());

        var history = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/history");
        Assert.Equal(["release", "publish", "revoke"], history!.Select(h => h.GetProperty("trigger").GetString()).TakeLast(3));
    }

    [Fact]
    public async Task Actions_show_each_dedicated_trigger_disabled_with_the_endpoint_that_fires_it()
    {
        var admin = await AsAdminAsync();
        var s = await ShortlistedAsync(admin);

        await AssertOfferedDisabledAsync(s, "release", "POST /api/calls/{id}/decisions/release");
        var reconsider = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/actions"))!
            .Single(a => a.GetProperty("trigger").GetString() == "reconsider");
        Assert.True(reconsider.GetProperty("enabled").GetBoolean());

        await s.ReleaseAsync();
        await AssertOfferedDisabledAsync(s, "sustain-objection", "POST /api/objections/{id}/resolve");

        await ExecuteAsync($"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"Id\" = '{s.ApplicationId}'");
        await AssertOfferedDisabledAsync(s, "publish", "POST /api/calls/{id}/directory");

        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{s.CallId}/directory", null), HttpStatusCode.Created);
        await AssertOfferedDisabledAsync(s, "revoke", "POST /api/directory-entries/{id}/revoke");
    }
}
