using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>
/// The formal-check queue the console reads (<c>GET /api/calls/{id}/formal-check</c>): only applications in a state tagged
/// <c>awaiting-formal-check</c>, with the authority's opinion and the administrator's transitions; administrators only.
/// </summary>
public sealed class FormalCheckQueueTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_queue_holds_the_recommended_applications_with_their_opinions_and_the_administrators_transitions()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var recommended = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var pending = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, recommended, "recommend", "安全能力突出，同意推荐。"), HttpStatusCode.OK);

        var queue = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/formal-check");
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        var item = Assert.Single(items);
        Assert.Equal(recommended, item.GetProperty("id").GetGuid());
        Assert.NotEqual(pending, item.GetProperty("id").GetGuid());
        Assert.Equal("安全能力突出，同意推荐。", item.GetProperty("opinion").GetString());
        Assert.Equal("province:44", item.GetProperty("recommendingAuthority").GetString());
        var actions = item.GetProperty("actions").EnumerateArray().ToList();
        Assert.NotEmpty(actions);
        Assert.Contains(actions, a => a.GetProperty("requiresComment").GetBoolean());
        Assert.Contains(actions, a => !a.GetProperty("requiresComment").GetBoolean());

        // The first transition without a reason (the acceptance) moves it out of the queue.
        var accept = actions.First(a => !a.GetProperty("requiresComment").GetBoolean()).GetProperty("trigger").GetString()!;
        await Expect.StatusAsync(await Transitions.FireAsync(admin, recommended, accept, null), HttpStatusCode.OK);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/formal-check");
        Assert.Empty(after.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Other_roles_are_forbidden_a_bad_sort_is_refused_and_an_unknown_call_is_not_found()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });

        await Expect.ProblemAsync(await recommender.GetAsync($"/api/calls/{callId}/formal-check"), 403, "forbidden");
        var problem = await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{callId}/formal-check?sort=state"), 400, "validation");
        Assert.Contains("sort", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{Guid.NewGuid()}/formal-check"), 404, "not-found");
    }
}
