using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed class RegistrationTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task An_applicant_registers_with_their_organisation_and_sees_it_on_their_profile()
    {
        var client = Anonymous();
        var code = TestData.NewCreditCode();

        var registered = await Calls.RegisterAsync(client, "li@example.cn", "  " + code.ToLowerInvariant() + " ");

        Assert.Equal(code, registered.GetProperty("creditCode").GetString());
        Assert.Equal("Applicant", registered.GetProperty("role").GetString());
        var me = await (await Calls.SignedInAsync(Factory, "li@example.cn", "Applicant-Passw0rd")).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Applicant", me.GetProperty("role").GetString());
        Assert.Equal(code, me.GetProperty("organisation").GetProperty("creditCode").GetString());
        Assert.Equal("44", me.GetProperty("organisation").GetProperty("provinceCode").GetString());
    }

    [Fact]
    public async Task A_credit_code_already_registered_gets_409_offering_a_claim_and_writes_nothing()
    {
        var client = Anonymous();
        var code = TestData.NewCreditCode();
        var first = await Calls.RegisterAsync(client, "first@example.cn", code);
        var before = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/auth/register", Calls.Registration("second@example.cn", code));

        var problem = await Expect.ProblemAsync(response, 409, "credit-code-registered");
        Assert.Equal(first.GetProperty("organisationId").GetGuid(), problem.GetProperty("organisationId").GetGuid());
        Assert.Equal("/api/organisation-claims", problem.GetProperty("claimEndpoint").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task An_email_already_registered_is_answered_like_a_new_registration_and_nothing_is_created()
    {
        var client = Anonymous();
        var first = await Calls.RegisterAsync(client, "same@example.cn");
        var fresh = await Calls.RegisterAsync(client, "fresh@example.cn");
        var before = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/auth/register", Calls.Registration("same@example.cn", password: "Another-Passw0rd"));

        await Expect.StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/me", response.Headers.Location?.ToString());
        var again = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fresh.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind)), again.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind)));
        Assert.NotEqual(first.GetProperty("userId").GetGuid(), again.GetProperty("userId").GetGuid());
        Assert.Equal(before, await CountRowsAsync());
        // The owner's account and password are untouched; the newcomer's password opens nothing.
        await Calls.TokenAsync(client, "same@example.cn", "Applicant-Passw0rd");
        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/token", new { email = "same@example.cn", password = "Another-Passw0rd" }),
            401, "invalid-credentials");
    }

    [Fact]
    public async Task A_weak_password_is_refused_the_same_way_whether_or_not_the_email_has_an_account()
    {
        await Calls.RegisterAsync(Anonymous(), "taken@example.cn");

        var taken = await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("taken@example.cn", password: "password"));
        var free = await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("free@example.cn", password: "password"));

        var a = await Expect.ProblemAsync(taken, 400, "validation");
        var b = await Expect.ProblemAsync(free, 400, "validation");
        Assert.Equal(a.GetProperty("errors").GetRawText(), b.GetProperty("errors").GetRawText());
    }

    [Theory]
    [InlineData("91350203M0001QAY9B")] // a real registered code that fails its checksum: needs an admin override
    [InlineData("914403001922038217")] // check character changed
    [InlineData("914403001922O38216")] // letter O is not in the alphabet
    [InlineData("91440300192203821")] // too short
    public async Task An_invalid_credit_code_is_refused_with_a_field_error_and_writes_nothing(string code)
    {
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("bad@example.cn", code));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Equal(["organisation.creditCode"], Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_weak_password_is_refused_by_the_password_policy()
    {
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("weak@example.cn", password: "password"));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Contains("password", Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task An_unknown_province_is_refused()
    {
        var body = JsonSerializer.Serialize(Calls.Registration("p@example.cn")).Replace("\"provinceCode\":\"44\"", "\"provinceCode\":\"99\"");
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Equal(["organisation.provinceCode"], Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "{\"email\": \"a@example.cn\", ", "malformed-json", "$" },
        { "{\"email\": 5, \"password\": \"Applicant-Passw0rd\"}", "malformed-json", "$.email" },
        { "{\"email\": \"a@example.cn\", \"password\": \"Applicant-Passw0rd\", \"displayName\": \"x\", \"isAdmin\": true}", "malformed-json", "$.isAdmin" },
        { "", "validation", "body" },
        { "{}", "validation", "email" },
        { "{\"email\": \"a@example.cn\", \"organisation\": {\"name\": \"x\", \"bogus\": 1}}", "malformed-json", "$.organisation.bogus" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_json_is_refused_with_400_saying_where_and_writes_nothing(string body, string type, string field)
    {
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Expect.ProblemAsync(response, 400, type);
        Assert.Contains(field, Expect.ErrorFields(problem));
        Assert.DoesNotContain("YangFan", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Over_long_strings_are_refused_field_by_field()
    {
        var body = new
        {
            email = new string('a', 300) + "@example.cn",
            password = "Applicant-Passw0rd",
            displayName = new string('名', 101),
            organisation = new
            {
                name = new string('企', 201), creditCode = TestData.NewCreditCode(), provinceCode = "44",
                address = new string('址', 301), contactPerson = "李工", contactPhone = "13800138000",
            },
        };
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsJsonAsync("/api/auth/register", body);

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Equal(["displayName", "email", "organisation.address", "organisation.name"], Expect.ErrorFields(problem).Order());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        var response = await Anonymous().PostAsync("/api/auth/register", new StringContent("email=a", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await Expect.ProblemAsync(response, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var huge = new string('x', 1024 * 1024 + 1);
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsync("/api/auth/register",
            new StringContent($"{{\"email\":\"{huge}\"}}", Encoding.UTF8, "application/json"));

        await Expect.ProblemAsync(response, 413, "payload-too-large");
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_too()
    {
        var response = await Anonymous().GetAsync("/api/nothing-here");

        await Expect.ProblemAsync(response, 404, "not-found");
    }
}
