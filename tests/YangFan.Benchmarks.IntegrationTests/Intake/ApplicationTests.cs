using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

public sealed class ApplicationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<(HttpClient Applicant, Guid OrganisationId)> ApplicantAsync(string province = "44")
    {
        var email = $"a-{Guid.NewGuid():N}@example.cn";
        var body = JsonSerializer.Serialize(Calls.Registration(email, TestData.NewCreditCode(province)));
        var response = await Anonymous().PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var organisationId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organisationId").GetGuid();
        var applicant = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, await AsAdminAsync());
        return (applicant, organisationId);
    }

    [Fact]
    public async Task A_draft_is_created_read_and_edited_with_If_Match()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var (applicant, organisationId) = await ApplicantAsync();

        var created = await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new { sectorCode = "smart-ports", content = new { projectTitle = "港口 5G 示范" } });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        Assert.Equal("Draft", draft.GetProperty("state").GetString());
        Assert.Equal(organisationId, draft.GetProperty("organisationId").GetGuid());
        Assert.Equal("港口 5G 示范", draft.GetProperty("title").GetString());

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{id}")
        {
            Content = JsonContent.Create(new { sectorCode = "smart-ports", content = TestContent.CompleteFor("demonstration-benchmark") }),
        };
        edit.Headers.IfMatch.Add(created.Headers.ETag!);
        await Expect.StatusAsync(await applicant.SendAsync(edit), HttpStatusCode.OK);
        var read = await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{id}");
        Assert.Equal(1200, read.GetProperty("content").GetProperty("terminalCount").GetInt32());
        Assert.Equal("VirtualPrivateNetwork", read.GetProperty("content").GetProperty("networkMode").GetString());
    }

    public static TheoryData<string, string> BadContent => new()
    {
        { """{"sectorCode":"smart-ports","content":{"terminalCount":-5}}""", "/content/terminalCount" },
        { """{"sectorCode":"smart-ports","content":{"networkMode":"Carrier pigeon"}}""", "/content/networkMode" },
        { """{"sectorCode":"smart-ports","content":{"deploymentProvinceCode":"99x"}}""", "/content/deploymentProvinceCode" },
        { """{"sectorCode":"smart-ports","content":{"partners":[{"role":"Operator","name":"x","creditCode":"914403001922038217"}]}}""", "/content/partners/0/creditCode" },
        { """{"sectorCode":"smart-ports","content":{"projectTitle":"x","isWinner":true}}""", "/content/isWinner" },
        { """{"sectorCode":"smart-city","content":{}}""", "sectorCode" },
        { """{"sectorCode":"smart-ports","content":[1]}""", "content" },
    };

    [Theory]
    [MemberData(nameof(BadContent))]
    public async Task Content_that_breaks_the_programme_rules_is_refused_with_its_path_and_nothing_written(string body, string field)
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var (applicant, _) = await ApplicantAsync();
        var before = await CountRowsAsync();

        var response = await applicant.PostAsync($"/api/calls/{callId}/applications", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Contains(field, Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task One_application_per_organisation_call_and_sector()
    {
        var admin = await AsAdminAsync();
        var benchmarkCall = await WorkflowBuilder.OpenCallAsync(admin);
        var centreCall = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var (applicant, _) = await ApplicantAsync();
        await WorkflowBuilder.CreateApplicationAsync(applicant, benchmarkCall, sector: "smart-ports");
        await WorkflowBuilder.CreateApplicationAsync(applicant, centreCall, "security-centre");
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/calls/{benchmarkCall}/applications", new { sectorCode = "smart-ports", content = new { } }), 409, "duplicate");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/calls/{centreCall}/applications", new { content = new { } }), 409, "duplicate");
        Assert.Equal(before, await CountRowsAsync());
        await Expect.StatusAsync(await applicant.PostAsJsonAsync($"/api/calls/{benchmarkCall}/applications", new { sectorCode = "industrial-internet", content = new { } }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_supplier_hands_in_several_solutions_to_one_call_and_submits_each()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "solution-supplier");
        var (applicant, _) = await ApplicantAsync();

        var first = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "solution-supplier");
        var second = await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content = new { solutionName = "5G 智慧矿山方案" } });
        await Expect.StatusAsync(second, HttpStatusCode.Created);
        var created = await second.Content.ReadFromJsonAsync<JsonElement>();
        var secondId = created.GetProperty("id").GetGuid();

        Assert.NotEqual(first, secondId);
        Assert.Equal("5G 智慧矿山方案", created.GetProperty("title").GetString());
        Assert.Equal(2L, await ScalarAsync<long>($"SELECT count(*) FROM \"Applications\" WHERE \"CallId\" = '{callId}'"));
        // Each solution goes its own way: the first is complete and is handed in, the second stays a draft.
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, first, "submit"), HttpStatusCode.OK);
        Assert.Equal("Draft", (await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{secondId}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Applications_start_only_while_the_call_is_open_and_only_for_applicants()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var (applicant, _) = await ApplicantAsync();
        var recommender = await Calls.SignedInAsRoleAsync(Factory, admin, "Recommender");

        await Expect.ProblemAsync(await recommender.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content = new { } }), 403, "forbidden");
        await admin.PostAsync($"/api/calls/{callId}/close", null);
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content = new { } }), 409, "conflict");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/calls/{Guid.NewGuid()}/applications", new { content = new { } }), 404, "not-found");
    }

    [Fact]
    public async Task Submission_is_refused_while_content_is_incomplete_naming_the_guard()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var (applicant, _) = await ApplicantAsync();
        var created = await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new { sectorCode = "smart-ports", content = new { projectTitle = "未完成" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var problem = await Expect.ProblemAsync(await Transitions.FireAsync(applicant, id, "submit"), 409, "guards-unmet");

        Assert.Equal(["content-complete"], problem.GetProperty("unmetGuards").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_submitted_application_can_no_longer_be_edited()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var (applicant, _) = await ApplicantAsync();
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId);
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{id}")
        {
            Content = JsonContent.Create(new { sectorCode = "industrial-internet", content = new { } }),
        };
        edit.Headers.IfMatch.Add((await applicant.GetAsync($"/api/applications/{id}")).Headers.ETag!);

        await Expect.ProblemAsync(await applicant.SendAsync(edit), 409, "conflict");
        Assert.NotNull((await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("submittedAt").GetString());
    }

    [Fact]
    public async Task Two_organisations_cannot_see_or_touch_each_others_applications()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var (first, _) = await ApplicantAsync();
        var (second, _) = await ApplicantAsync();
        var id = await WorkflowBuilder.CreateApplicationAsync(first, callId);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await second.GetAsync($"/api/applications/{id}"), 404, "not-found");
        await Expect.ProblemAsync(await second.GetAsync($"/api/applications/{id}/attachments"), 404, "not-found");
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{id}") { Content = JsonContent.Create(new { content = new { } }) };
        edit.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Expect.ProblemAsync(await second.SendAsync(edit), 404, "not-found");
        var list = await second.GetFromJsonAsync<JsonElement>("/api/applications");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task The_listing_pages_by_submission_time_with_a_cursor_and_filters()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var (applicant, _) = await ApplicantAsync(i % 2 == 0 ? "44" : "32");
            var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId);
            if (i < 4)
                await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);
            ids.Add(id);
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/applications?callId={callId}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(ids.Take(4).Append(ids[4]), seen.Select(a => a.GetProperty("id").GetGuid()));
        var guangdong = await admin.GetFromJsonAsync<JsonElement>($"/api/applications?callId={callId}&province=44&state=Submitted");
        Assert.Equal(2, guangdong.GetProperty("items").GetArrayLength());
        await Expect.ProblemAsync(await admin.GetAsync("/api/applications?limit=101"), 400, "validation");
        await Expect.ProblemAsync(await admin.GetAsync("/api/applications?cursor=not-a-cursor"), 400, "validation");
    }
}
