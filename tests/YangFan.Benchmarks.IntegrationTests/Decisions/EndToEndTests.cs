using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

/// <summary>
/// From registration to a published directory over HTTP only. The one step no caller makes is the end of the
/// public notice: a second API process whose clock has passed it fires the durable timer, as in production.
/// </summary>
public sealed class EndToEndTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("security-centre")]
    [InlineData("demonstration-benchmark")]
    [InlineData("regional-security-benchmark")]
    public async Task A_call_runs_from_registration_to_a_published_directory(string programme)
    {
        var admin = await AsAdminAsync();
        var now = DateTimeOffset.UtcNow;

        // The ministry opens a call, on a version of the programme's form that requires the signed application form.
        var formVersion = await FormVersions.RequiringAsync(admin, programme, ["application-form"]);
        var created = await admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = programme, year = 2026, batch = 1, titleZh = "2026 年第一批", titleEn = "2026 first batch",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), recommenderQuota = 2,
            sectors = programme == "demonstration-benchmark" ? new[] { "smart-ports" } : null,
            formVersion,
        });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var callId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{callId}/open", null), HttpStatusCode.OK);

        // An enterprise registers, is verified against its documents, applies and submits.
        var email = $"e2e-{Guid.NewGuid():N}@example.cn";
        await Calls.RegisterAsync(Anonymous(), email);
        var applicant = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        var draft = await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new
        {
            sectorCode = programme == "demonstration-benchmark" ? "smart-ports" : null,
            content = TestContent.CompleteFor(programme),
        });
        await Expect.StatusAsync(draft, HttpStatusCode.Created);
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var form = new MultipartFormDataContent { { new StringContent("application-form"), "kind" } };
        form.Add(new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n")), "file", "申报书.pdf");
        await Expect.StatusAsync(await applicant.PostAsync($"/api/applications/{id}/attachments", form), HttpStatusCode.Created);
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit", idempotencyKey: "submit"), HttpStatusCode.OK);

        // The province recommends; the ministry's formal check accepts.
        var recommenderEmail = $"gd-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email = recommenderEmail, password = "Recommender-Passw0rd", displayName = "广东省工业和信息化厅", role = "Recommender",
            recommender = new { provinceCode = "44" },
        }), HttpStatusCode.Created);
        var recommender = await Calls.SignedInAsync(Factory, recommenderEmail, "Recommender-Passw0rd");
        Assert.Contains((await recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending"))!, p => p.GetProperty("id").GetGuid() == id);
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, id, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "accept"), HttpStatusCode.OK);

        // Experts are assigned automatically and review.
        var experts = new List<HttpClient>();
        foreach (var province in new[] { "11", "31", "32", "33", "51" })
            experts.Add((await Reviews.ReviewScenario.ExpertAsync(Factory, admin, province: province,
                sectors: ["smart-ports", "industrial-internet", "smart-city"])).Client);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/calls/{callId}/assignments/auto", new { dryRun = false }), HttpStatusCode.OK);
        foreach (var expert in experts)
        {
            var queue = (await expert.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!;
            if (queue.Length == 0)
                continue;
            var assignment = queue.Single();
            var scores = assignment.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!, _ => 85m);
            var state = (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString();
            if (state != "ExpertReview")
                break;
            await Expect.StatusAsync(await Reviews.ReviewScenario.ReviewAsync(expert, assignment.GetProperty("id").GetGuid(),
                new { scores, comment = "申报单位能力突出，方案成熟，示范效应明显，建议入选。", recommendation = "Recommend" }), HttpStatusCode.OK);
        }
        var afterReview = (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString();
        if (afterReview == "SiteInspection")
            await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "inspection-passed"), HttpStatusCode.OK);
        var ranking = await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{callId}/ranking");
        Assert.True(ranking!.Single().GetProperty("applications")[0].GetProperty("passes").GetBoolean());

        // The committee shortlists; the decision is released into a public notice.
        await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "shortlist"), HttpStatusCode.OK);
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{callId}/decisions/release", null), HttpStatusCode.OK);
        var notice = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/notices"))!.Single(n => n.GetProperty("callId").GetGuid() == callId);
        Assert.Equal(id, notice.GetProperty("entries")[0].GetProperty("applicationId").GetGuid());

        // Nobody objects; the notice ends.
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-e2e-{Guid.NewGuid():N}"));
        await using (var later = new ApiFactory(settings, time: new FakeTimeProvider(now.AddDays(8))))
            await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None);
        Assert.Equal("Approved", (await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString());

        // The directory is published and exported.
        var published = await admin.PostAsync($"/api/calls/{callId}/directory", null);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        var directoryId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var csv = Encoding.UTF8.GetString(await Anonymous().GetByteArrayAsync($"/api/directories/{directoryId}/export?format=csv"));
        var code = (await applicant.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").GetProperty("creditCode").GetString()!;
        Assert.Contains(code, csv);
        Assert.Equal("Published", (await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString());
        var progress = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!.Single(p => p.GetProperty("key").GetString() == programme);
        Assert.Equal(1, progress.GetProperty("total").GetProperty("selected").GetInt32());
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("valid").GetBoolean());
    }
}
