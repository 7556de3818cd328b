using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

public sealed class OrganisationTests(ApiFixture fixture) : ApiTest(fixture)
{
    // The name and province as registered: they change only through a rename request and an admin's override.
    private static object Details(string address = "广东省广州市天河区") => new
    {
        name = "测试科技有限公司", kind = "ResearchInstitute", provinceCode = "44", address, contactPerson = "陈工", contactPhone = "020-87654321",
    };

    [Fact]
    public async Task Members_read_and_update_their_organisation_with_If_Match()
    {
        var registered = await Calls.RegisterAsync(Anonymous(), "member@example.cn");
        var member = await Calls.SignedInAsync(Factory, "member@example.cn", "Applicant-Passw0rd");
        var id = registered.GetProperty("organisationId").GetGuid();
        var read = await member.GetAsync($"/api/organisations/{id}");
        await Expect.StatusAsync(read, HttpStatusCode.OK);

        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/organisations/{id}") { Content = JsonContent.Create(Details()) };
        update.Headers.IfMatch.Add(read.Headers.ETag!);
        await Expect.StatusAsync(await member.SendAsync(update), HttpStatusCode.OK);

        var after = await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{id}");
        Assert.Equal("广东省广州市天河区", after.GetProperty("address").GetString());
        Assert.Equal("ResearchInstitute", after.GetProperty("kind").GetString());
        Assert.Equal(registered.GetProperty("creditCode").GetString(), after.GetProperty("creditCode").GetString());
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/organisations/{id}") { Content = JsonContent.Create(Details("广东省广州市越秀区")) };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);
        await Expect.ProblemAsync(await member.SendAsync(stale), 412, "precondition-failed");
    }

    [Fact]
    public async Task Other_organisations_get_404()
    {
        var registered = await Calls.RegisterAsync(Anonymous(), "mine@example.cn");
        await Calls.RegisterAsync(Anonymous(), "theirs@example.cn");
        var other = await Calls.SignedInAsync(Factory, "theirs@example.cn", "Applicant-Passw0rd");
        var id = registered.GetProperty("organisationId").GetGuid();

        await Expect.ProblemAsync(await other.GetAsync($"/api/organisations/{id}"), 404, "not-found");
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/organisations/{id}") { Content = JsonContent.Create(Details()) };
        update.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Expect.ProblemAsync(await other.SendAsync(update), 404, "not-found");
    }

    [Fact]
    public async Task A_real_code_that_fails_its_checksum_registers_only_after_an_audited_admin_override()
    {
        const string code = "91350203M0001QAY9B";
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("xm@example.cn", code)), 400, "validation");
        var admin = await AsAdminAsync();

        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/credit-code-overrides", new { creditCode = code, reason = "短" }), 400, "validation");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/credit-code-overrides", new { creditCode = "914403001922038216", reason = "该代码校验通过，无需例外" }), 400, "validation");
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/credit-code-overrides", new { creditCode = code, reason = "经市场监管部门核实为真实登记代码（厦门）" }), HttpStatusCode.NoContent);

        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("xm@example.cn", code)), HttpStatusCode.Created);
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'credit-code.override-recorded'"));
    }
}
