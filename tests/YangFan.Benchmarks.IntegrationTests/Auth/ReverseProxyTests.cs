using System.Net.Http.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

/// <summary>
/// Replicas behind a reverse proxy see every request come from the proxy. The client's own address, which the auth
/// limit counts by, is believed from <c>X-Forwarded-For</c> only when the proxy is in <c>ReverseProxy:TrustedNetworks</c>.
/// </summary>
public sealed class ReverseProxyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Proxy = "10.20.0.7";

    private ApiFactory Host(params string[] trusted)
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-proxy-{Guid.NewGuid():N}"));
        settings["RateLimiting:Auth:PermitLimit"] = "2";
        settings["RateLimiting:Auth:WindowSeconds"] = "120";
        for (var i = 0; i < trusted.Length; i++)
            settings[$"ReverseProxy:TrustedNetworks:{i}"] = trusted[i];
        return new ApiFactory(settings, time: SharedRateLimitTests.MidWindow(120));
    }

    private static async Task<int> TokenAsync(ApiFactory host, string connectionAddress, string forwardedFor)
    {
        var client = host.CreateClient().From(connectionAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return (int)(await client.PostAsJsonAsync("/api/auth/token", new { })).StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_allowance()
    {
        await using var host = Host("10.20.0.0/16");

        Assert.NotEqual(429, await TokenAsync(host, Proxy, "198.51.100.71"));
        Assert.NotEqual(429, await TokenAsync(host, Proxy, "198.51.100.71"));
        Assert.Equal(429, await TokenAsync(host, Proxy, "198.51.100.71"));

        // Another client through the same proxy: with the proxy's address as the key it would be refused too.
        Assert.NotEqual(429, await TokenAsync(host, Proxy, "198.51.100.72"));
    }

    [Fact]
    public async Task A_client_outside_the_trusted_networks_cannot_choose_its_address()
    {
        await using var host = Host("10.20.0.0/16");

        // A new forged address on every request spends one allowance: the connection's.
        Assert.NotEqual(429, await TokenAsync(host, "198.51.100.81", "192.0.2.1"));
        Assert.NotEqual(429, await TokenAsync(host, "198.51.100.81", "192.0.2.2"));
        Assert.Equal(429, await TokenAsync(host, "198.51.100.81", "192.0.2.3"));
    }

    [Fact]
    public async Task By_default_no_proxy_is_believed()
    {
        await using var host = Host();

        Assert.NotEqual(429, await TokenAsync(host, "10.20.0.9", "198.51.100.91"));
        Assert.NotEqual(429, await TokenAsync(host, "10.20.0.9", "198.51.100.92"));
        Assert.Equal(429, await TokenAsync(host, "10.20.0.9", "198.51.100.93"));
    }

    [Fact]
    public void A_range_that_is_not_a_network_stops_the_start()
    {
        using var host = Host("10.20.0.0/99");

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("ReverseProxy:TrustedNetworks", failure.ToString());
    }
}
