using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

public sealed class CallTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static object CallBody(string programme = "security-centre", DateTimeOffset? closesAt = null, string[]? sectors = null) => new
    {
        programmeKey = programme, year = 2026, batch = 2, titleZh = "2026 年 5G 应用安全创新示范中心申报", titleEn = "2026 security centres",
        opensAt = DateTimeOffset.UtcNow.AddDays(-1), closesAt = closesAt ?? DateTimeOffset.UtcNow.AddDays(20),
        sectors, recommenderQuota = 2,
    };

    [Fact]
    public async Task A_draft_call_is_admin_only_until_it_opens_and_opening_pins_the_workflow_version()
    {
        var admin = await AsAdminAsync();
        var created = await admin.PostAsJsonAsync("/api/calls", CallBody());
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/calls/{id}"), 404, "not-found");
        Assert.DoesNotContain(await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/calls") ?? [], c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}")).GetProperty("workflowVersion").ValueKind);

        var opened = await admin.PostAsync($"/api/calls/{id}/open", null);
        await Expect.StatusAsync(opened, HttpStatusCode.OK);
        var call = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
        Assert.Equal("Open", call.GetProperty("status").GetString());
        Assert.Equal(WorkflowVersions.ShippedVersion(call.GetProperty("programmeKey").GetString()!), call.GetProperty("workflowVersion").GetInt32());
        Assert.Contains(await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/calls") ?? [], c => c.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task A_draft_call_is_edited_with_If_Match_and_an_open_one_cannot_be()
    {
        var admin = await AsAdminAsync();
        var id = (await (await admin.PostAsJsonAsync("/api/calls", CallBody())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var etag = (await admin.GetAsync($"/api/calls/{id}")).Headers.ETag!;

        var noMatch = await admin.PutAsJsonAsync($"/api/calls/{id}", CallBody());
        await Expect.ProblemAsync(noMatch, 428, "precondition-required");
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{id}") { Content = JsonContent.Create(CallBody()) };
        edit.Headers.IfMatch.Add(etag);
        await Expect.StatusAsync(await admin.SendAsync(edit), HttpStatusCode.OK);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{id}") { Content = JsonContent.Create(CallBody()) };
        stale.Headers.IfMatch.Add(etag);
        await Expect.ProblemAsync(await admin.SendAsync(stale), 412, "precondition-failed");

        await admin.PostAsync($"/api/calls/{id}/open", null);
        var afterOpen = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{id}") { Content = JsonContent.Create(CallBody()) };
        afterOpen.Headers.IfMatch.Add((await admin.GetAsync($"/api/calls/{id}")).Headers.ETag!);
        await Expect.ProblemAsync(await admin.SendAsync(afterOpen), 409, "conflict");
    }

    [Fact]
    public async Task A_call_closes_early_then_finishes_and_cannot_reopen()
    {
        var admin = await AsAdminAsync();
        var id = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");

        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{id}/close", null), HttpStatusCode.OK);
        await Expect.ProblemAsync(await admin.PostAsync($"/api/calls/{id}/open", null), 409, "transition-not-available");
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{id}/finish", null), HttpStatusCode.OK);

        Assert.Equal("Finished", (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}")).GetProperty("status").GetString());
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/calls/{id}"), 404, "not-found");
    }

    public static TheoryData<string, string> InvalidCalls => new()
    {
        { """{"programmeKey":"security-centre","year":2026,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-12-01T00:00:00Z","closesAt":"2026-11-01T00:00:00Z"}""", "closesAt" },
        { """{"programmeKey":"moon-base","year":2026,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-01T00:00:00Z"}""", "programmeKey" },
        { """{"programmeKey":"demonstration-benchmark","year":2026,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-01T00:00:00Z"}""", "sectors" },
        { """{"programmeKey":"demonstration-benchmark","year":2026,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-01T00:00:00Z","sectors":["smart-mars"]}""", "sectors" },
        { """{"programmeKey":"security-centre","year":1999,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-01T00:00:00Z"}""", "year" },
        { """{"programmeKey":"security-centre","year":2026,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-01T00:00:00Z","formVersion":99}""", "formVersion" },
        { """{"programmeKey":"security-centre","year":2026,"batch":1,"titleZh":"x","titleEn":"x","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-01T00:00:00Z","formKey":"innovation-centre"}""", "formKey" },
    };

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public async Task An_invalid_call_is_refused_with_the_field_named_and_nothing_written(string body, string field)
    {
        var admin = await AsAdminAsync();
        var before = await CountRowsAsync();

        var response = await admin.PostAsync("/api/calls", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(400, (int)response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(field, Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Only_admins_manage_calls()
    {
        var admin = await AsAdminAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");

        await Expect.ProblemAsync(await applicant.PostAsJsonAsync("/api/calls", CallBody()), 403, "forbidden");
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/api/calls", CallBody()), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_call_closed_by_its_timer_refuses_a_submission_arriving_one_second_later()
    {
        var admin = await AsAdminAsync();
        var email = $"late-{Guid.NewGuid():N}@example.cn";
        await Calls.RegisterAsync(Anonymous(), email);
        var applicant = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var created = await admin.PostAsJsonAsync("/api/calls", CallBody(closesAt: closesAt));
        var callId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{callId}/open", null), HttpStatusCode.OK);
        var applicationId = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre");

        // The close timer fires on another API process whose clock has reached the closing time.
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-close-{Guid.NewGuid():N}"));
        await using (var atClosing = new ApiFactory(settings, time: new FakeTimeProvider(closesAt)))
            Assert.Equal(1, await atClosing.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Equal("Closed", (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}")).GetProperty("status").GetString());

        var wait = closesAt.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
        var submit = await Transitions.FireAsync(applicant, applicationId, "submit");

        var problem = await Expect.ProblemAsync(submit, 409, "guards-unmet");
        Assert.Contains("call-open", problem.GetProperty("unmetGuards").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }
}
