using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Applications;

/// <summary>
/// The administrators' search across calls (<c>GET /api/applications/search</c>): by call, state tag, and part of the
/// organisation's name or credit code; paged and sorted on the server; administrators only.
/// </summary>
public sealed class ApplicationSearchTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task An_administrator_finds_an_application_by_credit_code_name_call_and_state_tag_paged_and_sorted()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var (pending, pendingOrganisation) = await Recommenders.SubmittedAsync(Factory, admin, callId);
        var (recommended, _) = await Recommenders.SubmittedAsync(Factory, admin, callId);
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, recommended, "recommend", "同意推荐。"), HttpStatusCode.OK);
        var organisation = await admin.GetFromJsonAsync<JsonElement>($"/api/organisations/{pendingOrganisation}");
        var creditCode = organisation.GetProperty("creditCode").GetString()!;

        var byCode = await SearchAsync(admin, $"q={creditCode}");
        Assert.Equal([pending], Ids(byCode));
        var item = byCode.GetProperty("items")[0];
        Assert.Equal(creditCode, item.GetProperty("creditCode").GetString());
        Assert.Equal(callId, item.GetProperty("callId").GetGuid());
        Assert.Equal("已提交，待推荐", item.GetProperty("stateTitleZh").GetString());

        Assert.Equal([pending], Ids(await SearchAsync(admin, $"q={Uri.EscapeDataString(creditCode.ToLowerInvariant())}&callId={callId}")));
        Assert.Equal([recommended], Ids(await SearchAsync(admin, $"callId={callId}&stateTag=awaiting-formal-check")));
        Assert.Empty(Ids(await SearchAsync(admin, $"callId={Guid.NewGuid()}")));

        var oldestFirst = Ids(await SearchAsync(admin, $"callId={callId}&sort=submitted"));
        Assert.Equal([pending, recommended], oldestFirst);
        Assert.Equal([recommended, pending], Ids(await SearchAsync(admin, $"callId={callId}")));
        var second = await SearchAsync(admin, $"callId={callId}&sort=submitted&page=2&pageSize=1");
        Assert.Equal(2, second.GetProperty("total").GetInt32());
        Assert.Equal([recommended], Ids(second));
    }

    [Fact]
    public async Task Other_roles_are_forbidden_and_an_unknown_state_tag_or_sort_is_refused()
    {
        var admin = await AsAdminAsync();
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });

        await Expect.ProblemAsync(await recommender.GetAsync("/api/applications/search"), 403, "forbidden");
        var problem = await Expect.ProblemAsync(await admin.GetAsync("/api/applications/search?stateTag=Draft"), 400, "validation");
        Assert.Contains("stateTag", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        await Expect.ProblemAsync(await admin.GetAsync("/api/applications/search?sort=state"), 400, "validation");
    }

    private static async Task<JsonElement> SearchAsync(HttpClient admin, string query) =>
        await admin.GetFromJsonAsync<JsonElement>("/api/applications/search?" + query);

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
