using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>
/// The call dashboard (<c>GET /api/calls/{id}/dashboard</c>) names the lifecycle's triggers an administrator fires, titled
/// from the workflow, and which the call's state offers now; opening a call whose closing time has passed is refused with a
/// type of its own.
/// </summary>
public sealed class CallDashboardActionTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_dashboard_offers_open_to_a_draft_close_to_an_open_call_and_finish_to_a_closed_one()
    {
        var admin = await AsAdminAsync();
        var callId = await Selection.DraftCallAsync(admin, 2027, 2, "仪表板操作批次", DateTimeOffset.UtcNow.AddDays(10));

        async Task<(string[] Available, bool Editable, JsonElement View)> ReadAsync()
        {
            var view = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/dashboard");
            return (view.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("available").GetBoolean())
                .Select(a => a.GetProperty("trigger").GetString()!).ToArray(), view.GetProperty("editable").GetBoolean(), view);
        }

        var draft = await ReadAsync();
        Assert.Equal(["open"], draft.Available);
        Assert.True(draft.Editable);
        Assert.Contains(draft.View.GetProperty("actions").EnumerateArray(),
            a => a.GetProperty("trigger").GetString() == "finish" && a.GetProperty("titleZh").GetString() == "结束批次");

        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/open", null));
        var open = await ReadAsync();
        Assert.Equal(["close"], open.Available);
        Assert.False(open.Editable);
        await Expect.ProblemAsync(await admin.PostAsync($"/api/calls/{callId}/finish", null), 409, "transition-not-available");

        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/close", null));
        Assert.Equal(["finish"], (await ReadAsync()).Available);
        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/finish", null));
        Assert.Empty((await ReadAsync()).Available);
    }

    [Fact]
    public async Task Opening_a_draft_whose_closing_time_has_passed_is_refused_with_its_own_type_and_leaves_it_a_draft()
    {
        var admin = await AsAdminAsync();
        var callId = await Selection.DraftCallAsync(admin, 2027, 3, "已过截止时间的草稿", DateTimeOffset.UtcNow.AddHours(-1));

        await Expect.ProblemAsync(await admin.PostAsync($"/api/calls/{callId}/open", null), 409, "call-closing-time-passed");
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/dashboard");
        Assert.True(view.GetProperty("editable").GetBoolean());
    }
}
