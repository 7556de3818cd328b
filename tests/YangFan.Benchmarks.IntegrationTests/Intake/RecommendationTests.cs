using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

public sealed class RecommendationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private Task<HttpClient> RecommenderAsync(HttpClient admin, object jurisdiction) => Recommenders.CreateAsync(Factory, admin, jurisdiction);

    private async Task<(Guid ApplicationId, Guid OrganisationId)> SubmittedAsync(Guid callId, string province = "44") =>
        await Recommenders.SubmittedAsync(Factory, await AsAdminAsync(), callId, province);

    [Fact]
    public async Task A_provincial_recommender_sees_pending_applications_of_its_province_only()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var guangdong = await RecommenderAsync(admin, new { provinceCode = "44" });
        var (local, _) = await SubmittedAsync(callId, "44");
        var (elsewhere, _) = await SubmittedAsync(callId, "32");

        var pending = await guangdong.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending");

        Assert.Equal([local], pending!.Select(p => p.GetProperty("id").GetGuid()));
        await Expect.ProblemAsync(await guangdong.GetAsync($"/api/applications/{elsewhere}"), 404, "not-found");
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/recommendations/pending"), 403, "forbidden");
    }

    [Fact]
    public async Task A_national_body_recommends_its_member_organisations()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var association = await RecommenderAsync(admin, new { nationalBody = "中国通信企业协会" });
        var (member, organisationId) = await SubmittedAsync(callId, "51");
        var (outsider, _) = await SubmittedAsync(callId, "51");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/memberships", new { nationalBody = "中国通信企业协会" }), HttpStatusCode.NoContent);

        var pending = await association.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending");

        Assert.Equal([member], pending!.Select(p => p.GetProperty("id").GetGuid()));
        await Expect.StatusAsync(await Transitions.FireAsync(association, member, "recommend"), HttpStatusCode.OK);
        await Expect.ProblemAsync(await association.GetAsync($"/api/applications/{outsider}"), 404, "not-found");
    }

    [Fact]
    public async Task A_recommendation_needs_a_written_opinion_which_administrators_read_in_the_history()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var recommender = await RecommenderAsync(admin, new { provinceCode = "44" });
        var (id, _) = await SubmittedAsync(callId);
        var before = (await admin.GetAsync($"/api/applications/{id}")).Headers.ETag?.Tag;

        var refused = await Expect.ProblemAsync(await Transitions.FireAsync(recommender, id, "recommend", comment: "  "), 400, "validation");

        Assert.True(refused.GetProperty("errors").TryGetProperty("comment", out _));
        var unchanged = await admin.GetAsync($"/api/applications/{id}");
        Assert.Equal(before, unchanged.Headers.ETag?.Tag);
        Assert.Equal("Submitted", (await unchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        await Expect.StatusAsync(await Transitions.FireAsync(recommender, id, "recommend", comment: "同意推荐：工业互联网安全监测平台成效突出。"), HttpStatusCode.OK);

        var history = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{id}/history");
        var recommended = history!.Single(h => h.GetProperty("trigger").GetString() == "recommend");
        Assert.Equal("同意推荐：工业互联网安全监测平台成效突出。", recommended.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task A_recommender_cannot_see_an_organisations_draft()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var recommender = await RecommenderAsync(admin, new { provinceCode = "44" });
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var draft = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre");

        await Expect.ProblemAsync(await recommender.GetAsync($"/api/applications/{draft}"), 404, "not-found");
        Assert.Equal(0, (await recommender.GetFromJsonAsync<JsonElement>("/api/applications")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Declining_needs_a_reason()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var recommender = await RecommenderAsync(admin, new { provinceCode = "44" });
        var (id, _) = await SubmittedAsync(callId);

        await Expect.ProblemAsync(await Transitions.FireAsync(recommender, id, "decline"), 400, "validation");
        var declined = await Transitions.FireAsync(recommender, id, "decline", "申报材料与本省推荐方向不符");

        await Expect.StatusAsync(declined, HttpStatusCode.OK);
        Assert.Equal("Declined", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Racing_recommendations_for_the_last_quota_slot_let_exactly_one_through()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre", quota: 2);
        var recommender = await RecommenderAsync(admin, new { provinceCode = "44" });
        var applications = new List<Guid>();
        for (var i = 0; i < 6; i++)
            applications.Add((await SubmittedAsync(callId)).ApplicationId);
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, applications[0], "recommend"), HttpStatusCode.OK);

        var race = await Task.WhenAll(applications.Skip(1).Select(id => Transitions.FireAsync(recommender, id, "recommend")));

        Assert.Single(race, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in race.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await Expect.ProblemAsync(refused, 409, "recommender-quota-reached");
            Assert.Equal("within-recommender-quota", problem.GetProperty("unmetGuards")[0].GetProperty("name").GetString());
        }
        Assert.Equal(2, await ScalarAsync<long>($"SELECT count(*) FROM \"Applications\" WHERE \"CallId\" = '{callId}' AND \"State\" = 'FormalCheck'"));
        var pending = await recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending");
        Assert.All(pending!, p => Assert.Equal(0, p.GetProperty("quotaLeft").GetInt32()));
    }
}
