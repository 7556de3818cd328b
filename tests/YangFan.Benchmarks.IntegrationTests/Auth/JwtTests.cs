using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed class JwtTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_token_signed_with_another_key_gets_401()
    {
        var admin = await AdminIdAsync();
        var token = Sign(admin, "a-completely-different-key-of-sufficient-length!!", DateTime.UtcNow.AddMinutes(10));

        await Expect.ProblemAsync(await Anonymous().WithBearer(token).GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_token_with_a_tampered_payload_gets_401()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "tamper@example.cn");
        var token = (await Calls.TokenAsync(client, "tamper@example.cn", "Applicant-Passw0rd")).GetProperty("accessToken").GetString()!;
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"Applicant\"", "\"Admin\"");
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        await Expect.ProblemAsync(await Anonymous().WithBearer(forged).GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public async Task An_expired_token_gets_401()
    {
        var admin = await AdminIdAsync();
        var token = Sign(admin, ApiFactory.SigningKey, DateTime.UtcNow.AddMinutes(-1), issuedAt: DateTime.UtcNow.AddMinutes(-20));

        await Expect.ProblemAsync(await Anonymous().WithBearer(token).GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_correctly_signed_token_is_accepted_which_shows_the_refusals_above_are_about_the_signature_and_lifetime()
    {
        var admin = await AdminIdAsync();
        var token = Sign(admin, ApiFactory.SigningKey, DateTime.UtcNow.AddMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await Anonymous().WithBearer(token).GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_gets_401()
    {
        var admin = await AdminIdAsync();
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = admin.ToString(), ["role"] = "Admin", ["iss"] = "yangfan-benchmarks", ["aud"] = "yangfan-benchmarks-api",
            ["exp"] = exp, ["nbf"] = exp - 600, ["iat"] = exp - 600,
        }));

        await Expect.ProblemAsync(await Anonymous().WithBearer($"{header}.{payload}.").GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_token_from_another_issuer_gets_401()
    {
        var admin = await AdminIdAsync();
        var token = Sign(admin, ApiFactory.SigningKey, DateTime.UtcNow.AddMinutes(5), issuer: "someone-else");

        await Expect.ProblemAsync(await Anonymous().WithBearer(token).GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_disabled_users_token_stops_working_at_the_next_request()
    {
        var admin = await AsAdminAsync();
        var client = Anonymous();
        var registered = await Calls.RegisterAsync(client, "soon-disabled@example.cn");
        var user = await Calls.SignedInAsync(Factory, "soon-disabled@example.cn", "Applicant-Passw0rd");
        await Expect.StatusAsync(await user.GetAsync("/api/me"), HttpStatusCode.OK);

        var disable = await admin.PostAsJsonAsync($"/api/users/{registered.GetProperty("userId").GetGuid()}/disable", new { reason = "test" });
        await Expect.StatusAsync(disable, HttpStatusCode.OK);

        await Expect.ProblemAsync(await user.GetAsync("/api/me"), 401, "unauthenticated");
        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/token", new { email = "soon-disabled@example.cn", password = "Applicant-Passw0rd" }), 401, "invalid-credentials");
    }

    [Fact]
    public async Task Access_tokens_last_fifteen_minutes_by_default()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "lifetime@example.cn");
        var token = (await Calls.TokenAsync(client, "lifetime@example.cn", "Applicant-Passw0rd")).GetProperty("accessToken").GetString()!;

        var jwt = new JsonWebToken(token);

        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);
        Assert.Equal("HS256", jwt.Alg);
    }

    public static TheoryData<string[]> RoleArrays => new() { new[] { "Admin" }, new[] { "Admin", "Admin" }, new[] { "Admin", "Expert" } };

    [Theory]
    [MemberData(nameof(RoleArrays))]
    public async Task A_token_whose_role_is_an_array_gets_401_even_when_it_holds_only_the_accounts_role(string[] roles)
    {
        var admin = await AdminIdAsync();
        var token = Sign(admin, ApiFactory.SigningKey, DateTime.UtcNow.AddMinutes(5), role: roles);

        await Expect.ProblemAsync(await Anonymous().WithBearer(token).GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_token_that_would_live_longer_than_the_maximum_gets_401_whatever_its_exp_says()
    {
        var admin = await AdminIdAsync();
        var now = DateTime.UtcNow;
        string[] tokens =
        [
            Sign(admin, ApiFactory.SigningKey, now.AddHours(24)),
            Sign(admin, ApiFactory.SigningKey, now.AddMinutes(16)),
            Sign(admin, ApiFactory.SigningKey, now.AddMinutes(5), withIssuedAt: false),
            // A recent-looking iat does not help: counted from now, it still lives too long.
            Sign(admin, ApiFactory.SigningKey, now.AddHours(2), issuedAt: now.AddHours(1.9)),
        ];

        foreach (var token in tokens)
            await Expect.ProblemAsync(await Anonymous().WithBearer(token).GetAsync("/api/users"), 401, "unauthenticated");
    }

    [Fact]
    public void A_maximum_lifetime_shorter_than_the_issued_one_stops_start_up()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-max-{Guid.NewGuid():N}"));
        settings["Auth:MaxAccessTokenMinutes"] = "10";
        using var factory = new ApiFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Auth:MaxAccessTokenMinutes", error.ToString());
    }

    private async Task<Guid> AdminIdAsync() =>
        (await (await AsAdminAsync()).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();

    /// <summary>A token signed with <paramref name="key"/>; <paramref name="role"/> goes into the payload as given (a string or an array).</summary>
    private static string Sign(Guid userId, string key, DateTime expires, DateTime? issuedAt = null, string issuer = "yangfan-benchmarks",
        object? role = null, bool withIssuedAt = true)
    {
        var issued = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "yangfan-benchmarks-api",
            IssuedAt = withIssuedAt ? issued : null,
            NotBefore = issued < DateTime.UtcNow ? issued : DateTime.UtcNow,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString())]),
            Claims = new Dictionary<string, object> { ["role"] = role ?? "Admin" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
