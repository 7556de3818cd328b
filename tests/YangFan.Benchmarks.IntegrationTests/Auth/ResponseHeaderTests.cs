using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed class ResponseHeaderTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Token_responses_and_answers_to_signed_in_requests_are_not_stored()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "cache@example.cn");
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email = "cache@example.cn", password = "Applicant-Passw0rd" });
        var refused = await client.PostAsJsonAsync("/api/auth/token", new { email = "cache@example.cn", password = "Wrong-Passw0rd" });
        var tokens = await token.Content.ReadFromJsonAsync<JsonElement>();
        var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        var signedIn = Anonymous().WithBearer(tokens.GetProperty("accessToken").GetString()!);
        var me = await signedIn.GetAsync("/api/me");
        var forbidden = await signedIn.GetAsync("/api/users");
        var publicRead = await signedIn.GetAsync("/api/sectors");

        foreach (var response in new[] { token, refused, refresh, me, forbidden, publicRead })
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Null((await Anonymous().GetAsync("/api/sectors")).Headers.CacheControl);
    }

    [Fact]
    public async Task Every_response_says_nosniff_problems_and_swagger_included()
    {
        var client = Anonymous();
        HttpResponseMessage[] responses =
        [
            await client.GetAsync("/api/sectors"),
            await client.GetAsync("/api/nothing-here"),
            await client.GetAsync("/api/users"),
            await client.PostAsJsonAsync("/api/auth/register", new { }),
            await client.PostAsync("/api/auth/token", new StringContent("{", System.Text.Encoding.UTF8, "application/json")),
            await client.GetAsync("/swagger/v1/swagger.json"),
            await client.GetAsync("/health/live"),
        ];

        foreach (var response in responses)
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Testing", false)]
    public async Task Only_Production_sends_HSTS(string environment, bool expected)
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-hsts-{Guid.NewGuid():N}"));
        await using var factory = new ApiFactory(settings, environment);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://api.yangfan-benchmarks.cn") });

        var response = await client.GetAsync("/api/sectors");

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(expected, response.Headers.TryGetValues("Strict-Transport-Security", out var hsts));
        if (expected)
            Assert.Equal("max-age=31536000", hsts!.Single());
    }
}
