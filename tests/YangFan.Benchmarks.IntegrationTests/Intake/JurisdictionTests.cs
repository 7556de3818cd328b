using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>
/// An organisation's province comes from its credit code and its name changes only on an administrator's approval;
/// an application is judged under the name and province it was submitted with (ADR 0013).
/// </summary>
public sealed class JurisdictionTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string RegisteredName = "测试科技有限公司";
    private const string NewName = "中国移动通信集团有限公司";
    private const string Reason = "经核对营业执照，登记机关信息无误";

    private async Task<HttpClient> RecommenderAsync(HttpClient admin, string province)
    {
        var email = $"r-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = "Recommender-Passw0rd", displayName = "推荐单位", role = "Recommender", recommender = new { provinceCode = province },
        }), HttpStatusCode.Created);
        return await Calls.SignedInAsync(Factory, email, "Recommender-Passw0rd");
    }

    private static async Task<HttpResponseMessage> PutOrganisationAsync(HttpClient client, Guid id, string name, string? province)
    {
        var read = await client.GetAsync($"/api/organisations/{id}");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/organisations/{id}")
        {
            Content = JsonContent.Create(new
            {
                name, kind = "Enterprise", provinceCode = province, address = "北京市西城区金融大街", contactPerson = "李工", contactPhone = "13800138000",
            }),
        };
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        return await client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> OverrideProvinceAsync(HttpClient client, Guid organisationId, string province, string reason = Reason) =>
        client.PutAsJsonAsync($"/api/organisations/{organisationId}/province", new { provinceCode = province, reason });

    private static async Task<List<Guid>> PendingAsync(HttpClient recommender) =>
        (await recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending"))!.Select(p => p.GetProperty("id").GetGuid()).ToList();

    private static async Task<JsonElement> RenameRequestedAsync(HttpClient applicant, Guid organisationId, string name = NewName)
    {
        var response = await applicant.PostAsJsonAsync($"/api/organisations/{organisationId}/rename-requests", new { name });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<long> AuditCountAsync(string action) =>
        ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = '{action}'");

    [Fact]
    public async Task An_applicant_cannot_move_their_submitted_application_to_another_province_or_rename_it()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        var beijing = await RecommenderAsync(admin, "11");
        var etag = (await s.Applicant.GetAsync($"/api/organisations/{s.OrganisationId}")).Headers.ETag;
        var before = await CountRowsAsync();

        var moved = await Expect.ProblemAsync(await PutOrganisationAsync(s.Applicant, s.OrganisationId, RegisteredName, "11"), 409, "dedicated-endpoint");
        var renamed = await Expect.ProblemAsync(await PutOrganisationAsync(s.Applicant, s.OrganisationId, NewName, "44"), 409, "dedicated-endpoint");

        Assert.Equal("provinceCode", moved.GetProperty("field").GetString());
        Assert.Equal("PUT /api/organisations/{id}/province", moved.GetProperty("endpoint").GetString());
        Assert.Equal("name", renamed.GetProperty("field").GetString());
        Assert.Equal("POST /api/organisations/{id}/rename-requests", renamed.GetProperty("endpoint").GetString());
        Assert.Equal(before, await CountRowsAsync());
        var organisation = await s.Applicant.GetAsync($"/api/organisations/{s.OrganisationId}");
        Assert.Equal(etag, organisation.Headers.ETag);
        Assert.Equal("44", (await organisation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("provinceCode").GetString());
        Assert.Equal([s.ApplicationId], await PendingAsync(s.Recommender));
        Assert.Empty(await PendingAsync(beijing));
        await Expect.ProblemAsync(await Transitions.FireAsync(beijing, s.ApplicationId, "recommend"), 404, "not-found");
        Assert.Equal("FormalCheck", await s.MoveAsync(s.Recommender, "recommend"));
    }

    [Fact]
    public async Task The_fields_applicants_may_edit_still_change_when_name_and_province_are_sent_back_as_read()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);

        await Expect.StatusAsync(await PutOrganisationAsync(s.Applicant, s.OrganisationId, RegisteredName, "44"), HttpStatusCode.OK);

        var organisation = await s.Applicant.GetFromJsonAsync<JsonElement>($"/api/organisations/{s.OrganisationId}");
        Assert.Equal("北京市西城区金融大街", organisation.GetProperty("address").GetString());
        Assert.Equal("44", organisation.GetProperty("provinceCode").GetString());
    }

    [Fact]
    public async Task The_recommender_queue_follows_the_province_an_application_was_submitted_under()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        var beijing = await RecommenderAsync(admin, "11");

        await Expect.StatusAsync(await OverrideProvinceAsync(admin, s.OrganisationId, "11"), HttpStatusCode.OK);
        var later = await WorkflowBuilder.CreateApplicationAsync(s.Applicant, s.CallId, sector: "smart-ports");
        await Expect.StatusAsync(await Transitions.FireAsync(s.Applicant, later, "submit"), HttpStatusCode.OK);

        Assert.Equal([s.ApplicationId], await PendingAsync(s.Recommender));
        Assert.Equal([later], await PendingAsync(beijing));
        await Expect.ProblemAsync(await Transitions.FireAsync(beijing, s.ApplicationId, "recommend"), 404, "not-found");
        await Expect.ProblemAsync(await Transitions.FireAsync(s.Recommender, later, "recommend"), 404, "not-found");
        Assert.Equal("FormalCheck", await s.MoveAsync(s.Recommender, "recommend"));
    }

    [Fact]
    public async Task The_same_province_conflict_follows_the_province_an_application_was_submitted_under()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        await Expect.StatusAsync(await OverrideProvinceAsync(admin, s.OrganisationId, "11"), HttpStatusCode.OK);
        var guangdong = await ExpertAsync(Factory, admin, province: "44");
        var beijing = await ExpertAsync(Factory, admin, province: "11");

        var problem = await Expect.ProblemAsync(
            await admin.PostAsJsonAsync($"/api/applications/{s.ApplicationId}/assignments", new { expertId = guangdong.Id }), 409, "conflict-of-interest");

        Assert.Equal("SameProvince", problem.GetProperty("rules")[0].GetProperty("rule").GetString());
        await AssignAsync(admin, s.ApplicationId, beijing.Id);
    }

    [Fact]
    public async Task An_approved_rename_leaves_the_notice_and_directory_of_a_submitted_application_but_applies_to_a_new_one()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.InPublicNoticeAsync(Factory, admin);
        var request = await RenameRequestedAsync(s.Applicant, s.OrganisationId);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisation-rename-requests/{request.GetProperty("id").GetGuid()}/approve",
            new { reason = Reason }), HttpStatusCode.OK);
        var later = await WorkflowBuilder.CreateApplicationAsync(s.Applicant, s.CallId, sector: "smart-ports");
        await Expect.StatusAsync(await Transitions.FireAsync(s.Applicant, later, "submit"), HttpStatusCode.OK);

        var notice = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/notices"))!.Single();
        Assert.Equal(RegisteredName, notice.GetProperty("entries").EnumerateArray().Single().GetProperty("organisationName").GetString());
        var pending = await s.Recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending");
        Assert.Equal(NewName, pending!.Single(p => p.GetProperty("id").GetGuid() == later).GetProperty("organisationName").GetString());

        await ExecuteAsync($"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"Id\" = '{s.ApplicationId}'");
        var published = await admin.PostAsync($"/api/calls/{s.CallId}/directory", null);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        var directory = await Anonymous().GetFromJsonAsync<JsonElement>(
            $"/api/directories/{(await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()}");
        Assert.Equal(RegisteredName, directory.GetProperty("entries").GetProperty("items").EnumerateArray().Single().GetProperty("organisationName").GetString());
        Assert.Equal(NewName, (await s.Applicant.GetFromJsonAsync<JsonElement>($"/api/organisations/{s.OrganisationId}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Registration_takes_the_province_from_the_credit_code()
    {
        var code = TestData.NewCreditCode("32");
        var mismatched = JsonSerializer.SerializeToNode(Calls.Registration("js@example.cn", code))!;
        mismatched["organisation"]!["provinceCode"] = "44";
        var before = await CountRowsAsync();

        var problem = await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/api/auth/register", mismatched), 400, "validation");

        Assert.Equal(["organisation.provinceCode"], Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
        mismatched["organisation"]!.AsObject().Remove("provinceCode");
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/api/auth/register", mismatched), HttpStatusCode.Created);
        var me = await (await Calls.SignedInAsync(Factory, "js@example.cn", "Applicant-Passw0rd")).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("32", me.GetProperty("organisation").GetProperty("provinceCode").GetString());
    }

    [Fact]
    public async Task A_nationally_registered_organisation_cannot_submit_until_an_administrator_sets_its_province()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var beijing = await RecommenderAsync(admin, "11");
        var registered = await Calls.RegisterAsync(Anonymous(), "soe@example.cn", TestData.NewCreditCode("10"));
        var organisationId = registered.GetProperty("organisationId").GetGuid();
        var applicant = await Calls.SignedInAsync(Factory, "soe@example.cn", "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        Assert.Equal(JsonValueKind.Null, (await applicant.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").GetProperty("provinceCode").ValueKind);
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await Transitions.FireAsync(applicant, id, "submit"), 409, "province-not-set");
        await Expect.ProblemAsync(await OverrideProvinceAsync(applicant, organisationId, "11"), 403, "forbidden");
        await Expect.ProblemAsync(await OverrideProvinceAsync(admin, organisationId, "11", reason: ""), 400, "validation");

        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal("Draft", (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString());
        var set = await OverrideProvinceAsync(admin, organisationId, "11");
        await Expect.StatusAsync(set, HttpStatusCode.OK);
        Assert.Equal("11", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("provinceCode").GetString());
        Assert.Equal(1, await AuditCountAsync("organisation.province-overridden"));
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);
        Assert.Equal([id], await PendingAsync(beijing));
    }

    [Fact]
    public async Task A_rename_is_a_request_that_only_an_administrator_approves_or_refuses_with_a_reason_audited()
    {
        var admin = await AsAdminAsync();
        var registered = await Calls.RegisterAsync(Anonymous(), "rename@example.cn");
        var organisationId = registered.GetProperty("organisationId").GetGuid();
        var applicant = await Calls.SignedInAsync(Factory, "rename@example.cn", "Applicant-Passw0rd");
        var outsider = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");

        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/organisations/{organisationId}/rename-requests", new { name = RegisteredName }), 400, "validation");
        await Expect.ProblemAsync(await outsider.PostAsJsonAsync($"/api/organisations/{organisationId}/rename-requests", new { name = NewName }), 404, "not-found");
        var request = await RenameRequestedAsync(applicant, organisationId);
        var requestId = request.GetProperty("id").GetGuid();
        Assert.Equal("Pending", request.GetProperty("status").GetString());
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/organisations/{organisationId}/rename-requests", new { name = "另一个名称有限公司" }), 409, "duplicate");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/organisation-rename-requests"), 403, "forbidden");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/organisation-rename-requests/{requestId}/approve", new { reason = Reason }), 403, "forbidden");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisation-rename-requests/{requestId}/approve", new { reason = "" }), 400, "validation");
        Assert.Equal(RegisteredName, (await applicant.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}")).GetProperty("name").GetString());

        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/organisation-rename-requests");
        Assert.Equal([requestId], listed!.Select(r => r.GetProperty("id").GetGuid()));
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisation-rename-requests/{requestId}/approve", new { reason = Reason }), HttpStatusCode.OK);
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisation-rename-requests/{requestId}/refuse", new { reason = Reason }), 409, "conflict");
        Assert.Equal(NewName, (await applicant.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}")).GetProperty("name").GetString());

        var refused = (await RenameRequestedAsync(applicant, organisationId, "又一个名称有限公司")).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisation-rename-requests/{refused}/refuse", new { reason = "名称与营业执照不符" }), HttpStatusCode.OK);
        Assert.Equal(NewName, (await applicant.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}")).GetProperty("name").GetString());
        var own = await applicant.GetFromJsonAsync<JsonElement[]>($"/api/organisations/{organisationId}/rename-requests");
        Assert.Equal(["Refused", "Approved"], own!.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("名称与营业执照不符", own![0].GetProperty("decisionReason").GetString());
        Assert.Equal(2, await AuditCountAsync("organisation.rename-requested"));
        Assert.Equal(1, await AuditCountAsync("organisation.renamed"));
        Assert.Equal(1, await AuditCountAsync("organisation.rename-refused"));
    }
}
