using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Development;

public sealed class ClockEndpointTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>A second API process on the same database with <c>Development:ClockControl</c> on (and, as in every test, no background dispatcher).</summary>
    private ApiFactory WithClockControl(string environment = "Testing")
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-clock-{Guid.NewGuid():N}"));
        settings["Development:ClockControl"] = "true";
        return new ApiFactory(settings, environment);
    }

    private static Task<HttpClient> AdminOf(ApiFactory api) => Calls.SignedInAsync(api, ApiFactory.AdminEmail, ApiFactory.AdminPassword);

    private static Task<HttpResponseMessage> AdvanceAsync(HttpClient client, string json) =>
        client.PostAsync("/api/dev/clock/advance", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string> OffsetAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/dev/clock")).GetProperty("offset").GetString()!;

    [Fact]
    public async Task Without_the_clock_control_the_clock_endpoints_do_not_exist()
    {
        var admin = await AsAdminAsync();

        await Expect.ProblemAsync(await admin.GetAsync("/api/dev/clock"), 404, "not-found");
        await Expect.ProblemAsync(await AdvanceAsync(admin, """{"days": 8}"""), 404, "not-found");
    }

    [Fact]
    public void Production_refuses_to_start_with_the_clock_control_on()
    {
        using var api = WithClockControl("Production");

        var error = Assert.ThrowsAny<Exception>(() => api.Server);

        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
            messages.Add(e.Message);
        Assert.Contains(messages, m => m.Contains("Development:ClockControl is on in the Production environment"));
    }

    [Fact]
    public async Task Only_administrators_may_read_or_move_the_clock()
    {
        await using var api = WithClockControl();
        var admin = await AdminOf(api);
        var applicant = await Calls.SignedInAsRoleAsync(api, admin, "Applicant");
        var expert = await Calls.SignedInAsRoleAsync(api, admin, "Expert");

        await Expect.ProblemAsync(await api.CreateClient().GetAsync("/api/dev/clock"), 401, "unauthenticated");
        await Expect.ProblemAsync(await AdvanceAsync(api.CreateClient(), """{"days": 8}"""), 401, "unauthenticated");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/dev/clock"), 403, "forbidden");
        await Expect.ProblemAsync(await AdvanceAsync(applicant, """{"days": 8}"""), 403, "forbidden");
        await Expect.ProblemAsync(await AdvanceAsync(expert, """{"days": 8}"""), 403, "forbidden");

        Assert.Equal("PT0S", await OffsetAsync(admin));
    }

    [Fact]
    public async Task Bad_input_is_a_400_problem_and_moves_nothing()
    {
        await using var api = WithClockControl();
        var admin = await AdminOf(api);
        var before = await CountRowsAsync();

        foreach (var body in new[]
                 {
                     "{}", """{"days": 0}""", """{"days": -1}""", """{"days": 401}""", """{"duration": "P0D"}""",
                     """{"duration": "P401D"}""", """{"duration": "P1M"}""", """{"duration": "P1Y"}""", """{"duration": "-P1D"}""",
                     """{"duration": "PT"}""", """{"duration": "eight days"}""", """{"days": 8, "duration": "P8D"}""",
                 })
        {
            var problem = await Expect.ProblemAsync(await AdvanceAsync(admin, body), 400, "validation");
            Assert.NotEmpty(Expect.ErrorFields(problem));
        }
        await Expect.ProblemAsync(await AdvanceAsync(admin, """{"weeks": 1}"""), 400, "malformed-json");
        Assert.Equal(400, (int)(await AdvanceAsync(admin, "null")).StatusCode);

        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal("PT0S", await OffsetAsync(admin));
    }

    [Fact]
    public async Task Advancing_past_the_end_of_a_notice_fires_its_timer_before_answering_and_is_audited()
    {
        var s = await WorkflowScenario.InPublicNoticeAsync(Factory, await AsAdminAsync());
        await using var api = WithClockControl();
        var admin = await AdminOf(api);

        var response = await AdvanceAsync(admin, """{"days": 8}""");

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var advanced = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, advanced.GetProperty("timersFired").GetInt32());
        Assert.Equal("P8D", advanced.GetProperty("offset").GetString());
        Assert.Equal(DateTimeOffset.UtcNow.AddDays(8), advanced.GetProperty("now").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
        Assert.Equal("Approved", await s.StateAsync());
        var history = await s.Admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/history");
        Assert.Equal("System", history!.Single(h => h.GetProperty("trigger").GetString() == "notice-ends").GetProperty("actorRole").GetString());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'clock.advanced'"));
        // The audit events written at the moved time still chain.
        Assert.True((await s.Admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("valid").GetBoolean());

        // A second advance finds nothing more to fire, and the offsets add up.
        var again = await (await AdvanceAsync(await AdminOf(api), """{"duration": "PT36H"}""")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("timersFired").GetInt32());
        Assert.Equal("P9DT12H", again.GetProperty("offset").GetString());
    }

    [Fact]
    public async Task Tokens_follow_the_moved_clock_a_new_one_works_and_one_that_expired_on_it_is_refused()
    {
        await using var api = WithClockControl();
        var early = await AdminOf(api);

        // Fifteen minutes on: the early token has just reached its expiry, still inside the 30 s clock skew.
        await Expect.StatusAsync(await AdvanceAsync(early, """{"duration": "PT15M"}"""), HttpStatusCode.OK);
        await Expect.StatusAsync(await early.GetAsync("/api/dev/clock"), HttpStatusCode.OK);

        // A minute more: its expiry is in the past on the API's clock, though not yet on the system clock.
        await Expect.StatusAsync(await AdvanceAsync(early, """{"duration": "PT1M"}"""), HttpStatusCode.OK);
        await Expect.ProblemAsync(await early.GetAsync("/api/dev/clock"), 401, "unauthenticated");

        var late = await AdminOf(api);
        await Expect.StatusAsync(await late.GetAsync("/api/dev/clock"), HttpStatusCode.OK);
        // The process whose clock did not move finds that token not valid yet.
        var token = late.DefaultRequestHeaders.Authorization!.Parameter!;
        await Expect.ProblemAsync(await Anonymous().WithBearer(token).GetAsync("/api/me"), 401, "unauthenticated");
    }
}
