using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Users;

public sealed class UserAdministrationTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task An_admin_creates_an_expert_with_affiliation_province_and_sectors()
    {
        var admin = await AsAdminAsync();
        var code = TestData.NewCreditCode();

        var response = await admin.PostAsJsonAsync("/api/users", new
        {
            email = "expert@example.cn", password = "Expert-Passw0rd", displayName = "王专家", role = "Expert",
            expert = new { affiliationCreditCode = code.ToLowerInvariant(), provinceCode = "11", sectors = new[] { "smart-mining", "smart-ports" } },
        });

        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var expert = await (await Calls.SignedInAsync(Factory, "expert@example.cn", "Expert-Passw0rd")).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Expert", expert.GetProperty("role").GetString());
        Assert.Equal(code, expert.GetProperty("expert").GetProperty("affiliationCreditCode").GetString());
        Assert.Equal(["smart-mining", "smart-ports"], expert.GetProperty("expert").GetProperty("sectors").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task An_expert_created_with_a_capacity_has_it_and_one_created_without_has_ten()
    {
        var admin = await AsAdminAsync();
        foreach (var (email, capacity) in new[] { ("busy@example.cn", (int?)3), ("default@example.cn", null) })
            await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
            {
                email, password = "Expert-Passw0rd", displayName = "容量专家", role = "Expert",
                expert = new { affiliationCreditCode = TestData.NewCreditCode(), provinceCode = "11", sectors = new[] { "smart-ports" }, maxAssignmentsPerCall = capacity },
            }), HttpStatusCode.Created);

        var experts = (await admin.GetFromJsonAsync<JsonElement>("/api/experts")).EnumerateArray()
            .ToDictionary(e => e.GetProperty("email").GetString()!, e => e.GetProperty("maxAssignmentsPerCall").GetInt32());
        Assert.Equal(3, experts["busy@example.cn"]);
        Assert.Equal(10, experts["default@example.cn"]);
    }

    [Fact]
    public async Task An_admin_creates_recommenders_for_a_province_or_a_national_body()
    {
        var admin = await AsAdminAsync();

        var provincial = await admin.PostAsJsonAsync("/api/users", new
        {
            email = "gd@example.cn", password = "Recommender-Passw0rd", displayName = "广东省工业和信息化厅", role = "Recommender",
            recommender = new { provinceCode = "44" },
        });
        var national = await admin.PostAsJsonAsync("/api/users", new
        {
            email = "assoc@example.cn", password = "Recommender-Passw0rd", displayName = "中国通信企业协会", role = "Recommender",
            recommender = new { nationalBody = "中国通信企业协会" },
        });

        await Expect.StatusAsync(provincial, HttpStatusCode.Created);
        await Expect.StatusAsync(national, HttpStatusCode.Created);
        Assert.Equal("44", (await provincial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recommender").GetProperty("provinceCode").GetString());
    }

    public static TheoryData<string, string> InvalidUsers => new()
    {
        { """{"email":"r@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Recommender"}""", "recommender" },
        { """{"email":"r@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Recommender","recommender":{"provinceCode":"44","nationalBody":"协会"}}""", "recommender" },
        { """{"email":"e@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Expert","expert":{"affiliationCreditCode":"914403001922038217","provinceCode":"11","sectors":["smart-ports"]}}""", "expert.affiliationCreditCode" },
        { """{"email":"e@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Expert","expert":{"affiliationCreditCode":"914403001922038216","provinceCode":"11","sectors":["space-mining"]}}""", "expert.sectors" },
        { """{"email":"e@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Expert","expert":{"affiliationCreditCode":"914403001922038216","provinceCode":"11","sectors":[]}}""", "expert.sectors" },
        { """{"email":"e@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Expert","expert":{"affiliationCreditCode":"914403001922038216","provinceCode":"11","sectors":["smart-ports"],"maxAssignmentsPerCall":501}}""", "expert.maxAssignmentsPerCall" },
        { """{"email":"a@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Applicant"}""", "role" },
        { """{"email":"a@example.cn","password":"Some-Passw0rd-1","displayName":"x","role":"Root"}""", "role" },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task Invalid_accounts_are_refused_with_the_field_named_and_nothing_written(string body, string field)
    {
        var admin = await AsAdminAsync();
        var before = await CountRowsAsync();

        var response = await admin.PostAsync("/api/users", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Contains(field, Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Users_are_listed_a_page_at_a_time_with_a_role_filter()
    {
        var admin = await AsAdminAsync();
        for (var i = 0; i < 3; i++)
            await admin.PostAsJsonAsync("/api/users", Calls.UserBody($"expert{i}@example.cn", "Expert-Passw0rd", "Expert"));

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/users?role=Expert&page=2&pageSize=2");

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal("expert2@example.cn", page.GetProperty("items")[0].GetProperty("email").GetString());
        await Expect.ProblemAsync(await admin.GetAsync("/api/users?pageSize=1000"), 400, "validation");
    }

    [Fact]
    public async Task Disabling_with_a_stale_ETag_gets_412_and_changes_nothing()
    {
        var admin = await AsAdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/users", Calls.UserBody("etag@example.cn", "Expert-Passw0rd", "Expert")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var read = await admin.GetAsync($"/api/users/{id}");
        var etag = read.Headers.ETag!.Tag;

        // Someone else changes the user after we read it.
        await ExecuteAsync($"UPDATE \"AspNetUsers\" SET \"DisplayName\" = 'changed', \"Version\" = \"Version\" + 1 WHERE \"Id\" = '{id}'");
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/disable") { Content = JsonContent.Create(new { reason = "x" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));

        await Expect.ProblemAsync(await admin.SendAsync(stale), 412, "precondition-failed");
        Assert.False(await ScalarAsync<bool>($"SELECT \"IsDisabled\" FROM \"AspNetUsers\" WHERE \"Id\" = '{id}'"));

        var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/disable") { Content = JsonContent.Create(new { reason = "x" }) };
        fresh.Headers.IfMatch.Add((await admin.GetAsync($"/api/users/{id}")).Headers.ETag!);
        await Expect.StatusAsync(await admin.SendAsync(fresh), HttpStatusCode.OK);
        Assert.True(await ScalarAsync<bool>($"SELECT \"IsDisabled\" FROM \"AspNetUsers\" WHERE \"Id\" = '{id}'"));
    }

    [Fact]
    public async Task An_admin_cannot_disable_their_own_account()
    {
        var admin = await AsAdminAsync();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/me");

        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/users/{me.GetProperty("id").GetGuid()}/disable", new { }), 409, "conflict");
    }

    [Fact]
    public async Task A_disabled_user_is_enabled_again_signs_in_anew_and_the_audit_trail_says_so()
    {
        var admin = await AsAdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/users", Calls.UserBody("enable@example.cn", "Expert-Passw0rd", "Expert")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/users/{id}/disable", new { reason = "left" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().PostAsJsonAsync("/api/auth/token",
            new { email = "enable@example.cn", password = "Expert-Passw0rd" })).StatusCode);

        var enabled = await admin.PostAsync($"/api/users/{id}/enable", null);

        await Expect.StatusAsync(enabled, HttpStatusCode.OK);
        Assert.False((await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDisabled").GetBoolean());
        await Calls.SignedInAsync(Factory, "enable@example.cn", "Expert-Passw0rd");
        var trail = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?entityType=User&entityId={id}");
        Assert.Equal(["auth.token.issued", "user.enabled", "user.disabled", "user.created"],
            trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task An_unknown_user_is_404()
    {
        var admin = await AsAdminAsync();

        await Expect.ProblemAsync(await admin.GetAsync($"/api/users/{Guid.NewGuid()}"), 404, "not-found");
    }
}
