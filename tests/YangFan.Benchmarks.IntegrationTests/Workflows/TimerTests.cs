using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Workflows;

public sealed class TimerTests(ApiFixture fixture) : ApiTest(fixture)
{
    private ApiFactory Later(double daysLater, bool dispatcher = false) => ApiFactory.Later(Fixture.ConnectionString, daysLater, dispatcher);

    private Task<WorkflowScenario> InPublicNoticeAsync(HttpClient admin) => WorkflowScenario.InPublicNoticeAsync(Factory, admin);

    [Fact]
    public async Task Entering_a_state_schedules_its_timer_as_a_row_and_leaving_cancels_it()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");

        var due = await ScalarAsync<DateTime>($"SELECT \"DueAt\" FROM \"WorkflowTimers\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Status\" = 'Pending'");
        var closes = await ScalarAsync<DateTime>($"SELECT \"ClosesAt\" FROM \"Calls\" WHERE \"Id\" = '{s.CallId}'");
        Assert.Equal(closes.AddDays(30), due, TimeSpan.FromMilliseconds(1));

        await s.MoveAsync(s.Recommender, "recommend");
        Assert.Equal("Cancelled", await ScalarAsync<string>($"SELECT \"Status\" FROM \"WorkflowTimers\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'recommendation-lapsed'"));
    }

    [Fact]
    public async Task The_notice_timer_fires_once_as_System_when_due_and_not_before()
    {
        var admin = await AsAdminAsync();
        var s = await InPublicNoticeAsync(admin);

        await using (var early = Later(6))
            Assert.Equal(0, await early.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Equal("PublicNotice", await s.StateAsync());

        await using (var later = Later(7.01))
        {
            var dispatcher = later.Services.GetRequiredService<TimerDispatcher>();
            Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
            Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        }

        Assert.Equal("Approved", await s.StateAsync());
        var history = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/history");
        var fired = history!.Single(h => h.GetProperty("trigger").GetString() == "notice-ends");
        Assert.Equal("System", fired.GetProperty("actorRole").GetString());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Channel\" = 'timer'"));
    }

    [Fact]
    public async Task Two_dispatchers_racing_on_one_database_fire_each_timer_exactly_once()
    {
        var admin = await AsAdminAsync();
        var scenarios = new List<WorkflowScenario>();
        for (var i = 0; i < 6; i++)
            scenarios.Add(await InPublicNoticeAsync(admin));

        await using var one = Later(8);
        await using var two = Later(8);
        var fired = await Task.WhenAll(
            one.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None),
            two.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));

        Assert.Equal(6, fired.Sum());
        foreach (var s in scenarios)
        {
            Assert.Equal("Approved", await s.StateAsync());
            Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'notice-ends'"));
        }
        Assert.Equal(6, await ScalarAsync<long>("SELECT count(*) FROM \"WorkflowTimers\" WHERE \"Trigger\" = 'notice-ends' AND \"Status\" = 'Fired'"));
    }

    [Fact]
    public async Task A_timer_that_fell_due_while_no_process_ran_fires_at_the_next_start()
    {
        var admin = await AsAdminAsync();
        var s = await InPublicNoticeAsync(admin);

        // No process runs for eight days; then one starts with its dispatcher on.
        await using var restarted = Later(8, dispatcher: true);
        _ = restarted.Server;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await s.StateAsync() != "Approved" && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal("Approved", await s.StateAsync());
    }

    [Fact]
    public async Task A_timer_of_a_state_the_application_already_left_does_not_fire()
    {
        var admin = await AsAdminAsync();
        var s = await InPublicNoticeAsync(admin);
        // Simulate a timer row left pending for a state the application has left.
        await ExecuteAsync($"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"Id\" = '{s.ApplicationId}'");

        await using (var later = Later(8))
            Assert.Equal(0, await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));

        Assert.Equal("Skipped", await ScalarAsync<string>($"SELECT \"Status\" FROM \"WorkflowTimers\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'notice-ends'"));
        Assert.Equal(0, await ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'notice-ends'"));
    }
}
