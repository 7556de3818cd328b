using System.Net.Http.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed class RateLimitTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>An API on the same database whose auth endpoints allow <paramref name="permits"/> requests per address per 120 s.</summary>
    private ApiFactory Limited(int permits)
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-rl-{Guid.NewGuid():N}"));
        settings["RateLimiting:Auth:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RateLimiting:Auth:WindowSeconds"] = "120";
        return new ApiFactory(settings, time: SharedRateLimitTests.MidWindow(120));
    }

    [Theory]
    [InlineData("/api/auth/token")]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/password-reset")]
    [InlineData("/api/auth/password-reset/complete")]
    public async Task Too_many_auth_requests_from_one_address_get_429_with_Retry_After(string path)
    {
        await using var factory = Limited(permits: 3);
        var client = factory.CreateClient();
        var before = await CountRowsAsync();

        for (var i = 0; i < 3; i++)
            Assert.NotEqual(429, (int)(await client.PostAsJsonAsync(path, new { })).StatusCode);
        var limited = await client.PostAsJsonAsync(path, new { });

        await Expect.ProblemAsync(limited, 429, "too-many-requests");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 120);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData("/forgot-password")]
    [InlineData("/reset-password/any-token")]
    public async Task The_forgotten_password_pages_which_send_the_same_commands_have_the_same_limit(string path)
    {
        await using var factory = Limited(permits: 2);
        var client = factory.CreateClient();

        for (var i = 0; i < 2; i++)
            await Expect.StatusAsync(await client.GetAsync(path), System.Net.HttpStatusCode.OK);

        await Expect.ProblemAsync(await client.GetAsync(path), 429, "too-many-requests");
    }

    [Fact]
    public async Task IPv6_clients_share_a_limit_per_64_bit_prefix_and_IPv4_mapped_addresses_count_as_IPv4()
    {
        await using var factory = Limited(permits: 2);
        Task<HttpResponseMessage> From(string address) => factory.CreateClient().From(address).PostAsJsonAsync("/api/auth/token", new { });

        Assert.NotEqual(429, (int)(await From("2001:db8:1:2::1")).StatusCode);
        Assert.NotEqual(429, (int)(await From("2001:db8:1:2::ffff")).StatusCode);
        await Expect.ProblemAsync(await From("2001:db8:1:2:abcd::1"), 429, "too-many-requests");
        Assert.NotEqual(429, (int)(await From("2001:db8:1:3::1")).StatusCode);

        Assert.NotEqual(429, (int)(await From("198.51.100.7")).StatusCode);
        Assert.NotEqual(429, (int)(await From("::ffff:198.51.100.7")).StatusCode);
        await Expect.ProblemAsync(await From("198.51.100.7"), 429, "too-many-requests");
    }
}
