using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>
/// What the recommender's pages read: the authority's decisions with their opinions (<c>GET /api/recommendations/decisions</c>)
/// and one application as its recommender weighs it (<c>GET /api/recommendations/applications/{id}</c>).
/// </summary>
public sealed class RecommendationDecisionTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_authoritys_decisions_carry_their_opinions_and_are_shared_by_its_accounts_but_not_by_another_province()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre", quota: 2);
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var colleague = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var elsewhere = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "32" });
        var recommended = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var declined = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var pending = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;

        await Expect.StatusAsync(await Transitions.FireAsync(recommender, recommended, "recommend", "创新突出，同意推荐。"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(colleague, declined, "decline", "应用成效数据不足。"), HttpStatusCode.OK);

        var decisions = (await recommender.GetFromJsonAsync<JsonElement>("/api/recommendations/decisions")).EnumerateArray()
            .Where(d => d.GetProperty("callId").GetGuid() == callId).ToList();
        Assert.Equal([declined, recommended], decisions.Select(d => d.GetProperty("applicationId").GetGuid()));
        Assert.Equal("应用成效数据不足。", decisions[0].GetProperty("opinion").GetString());
        Assert.False(decisions[0].GetProperty("recommended").GetBoolean());
        Assert.Equal("不予推荐", decisions[0].GetProperty("titleZh").GetString());
        Assert.Equal("创新突出，同意推荐。", decisions[1].GetProperty("opinion").GetString());
        Assert.True(decisions[1].GetProperty("recommended").GetBoolean());
        Assert.Equal("推荐", decisions[1].GetProperty("titleZh").GetString());
        Assert.Equal("测试科技有限公司", decisions[1].GetProperty("organisationName").GetString());

        var ofAnotherProvince = await elsewhere.GetFromJsonAsync<JsonElement>("/api/recommendations/decisions");
        Assert.DoesNotContain(ofAnotherProvince.EnumerateArray(), d => d.GetProperty("callId").GetGuid() == callId);

        var weighed = await colleague.GetFromJsonAsync<JsonElement>($"/api/recommendations/applications/{recommended}");
        Assert.False(weighed.GetProperty("awaitingRecommendation").GetBoolean());
        Assert.Equal("创新突出，同意推荐。", weighed.GetProperty("decision").GetProperty("opinion").GetString());
        Assert.Equal(2, weighed.GetProperty("quota").GetProperty("quota").GetInt32());
        Assert.Equal(1, weighed.GetProperty("quota").GetProperty("used").GetInt32());
        Assert.Equal(1, weighed.GetProperty("quota").GetProperty("left").GetInt32());

        var open = await recommender.GetFromJsonAsync<JsonElement>($"/api/recommendations/applications/{pending}");
        Assert.True(open.GetProperty("awaitingRecommendation").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("decision").ValueKind);
        Assert.Equal("测试科技有限公司", open.GetProperty("organisationName").GetString());
        Assert.Equal(callId, open.GetProperty("callId").GetGuid());
    }

    [Fact]
    public async Task An_application_outside_the_jurisdiction_is_not_found_and_other_roles_are_forbidden()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var elsewhere = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "32" });
        var applicationId = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;

        await Expect.ProblemAsync(await elsewhere.GetAsync($"/api/recommendations/applications/{applicationId}"), 404, "not-found");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/recommendations/applications/{applicationId}"), 403, "forbidden");
        await Expect.ProblemAsync(await admin.GetAsync("/api/recommendations/decisions"), 403, "forbidden");
    }
}

/// <summary>The recommender's decisions on the embedded default, where the last step is found by the same query.</summary>
public sealed class RecommendationDecisionsOnSqliteTests : SqliteApiTest
{
    [Fact]
    public async Task The_authoritys_decisions_are_listed_with_their_opinions_on_SQLite()
    {
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre", quota: 1);
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var recommended = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var declined = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, recommended, "recommend", "同意推荐。"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, declined, "decline", "材料不足。"), HttpStatusCode.OK);

        var decisions = await recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/decisions");
        Assert.Equal([(declined, "材料不足。", false), (recommended, "同意推荐。", true)], decisions!.Select(d =>
            (d.GetProperty("applicationId").GetGuid(), d.GetProperty("opinion").GetString(), d.GetProperty("recommended").GetBoolean())));
        var weighed = await recommender.GetFromJsonAsync<JsonElement>($"/api/recommendations/applications/{declined}");
        Assert.Equal(0, weighed.GetProperty("quota").GetProperty("left").GetInt32());
    }
}
