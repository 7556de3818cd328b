using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

/// <summary>
/// Two API processes on one PostgreSQL database, as replicas behind a load balancer are: the auth limit is counted in
/// the database, so requests spread over both spend one allowance (docs/decisions/0042).
/// </summary>
public sealed class SharedRateLimitTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>A process on the fixture's database whose auth endpoints allow <paramref name="permits"/> requests per address per 120 s.</summary>
    internal static ApiFactory Replica(ApiFixture fixture, string limit, int permits)
    {
        var settings = ApiFactory.PostgresSettings(fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-srl-{Guid.NewGuid():N}"));
        settings[$"RateLimiting:{limit}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"RateLimiting:{limit}:WindowSeconds"] = "120";
        return new ApiFactory(settings, time: MidWindow(120));
    }

    /// <summary>
    /// A clock standing still in the middle of the next <paramref name="windowSeconds"/> window. Windows start at whole
    /// multiples of their length (docs/decisions/0042), so on the real clock a test's requests could fall either side of
    /// a boundary and find a fresh allowance. Ahead of the real time, so whatever the test made before is already open.
    /// </summary>
    internal static FakeTimeProvider MidWindow(int windowSeconds)
    {
        var window = TimeSpan.FromSeconds(windowSeconds).Ticks;
        var now = DateTimeOffset.UtcNow.UtcTicks;
        return new FakeTimeProvider(new DateTimeOffset(now - now % window + window + window / 2, TimeSpan.Zero));
    }

    [Fact]
    public async Task The_auth_limit_holds_across_two_processes_on_one_database()
    {
        await using var a = Replica(Fixture, "Auth", permits: 4);
        await using var b = Replica(Fixture, "Auth", permits: 4);
        Task<HttpResponseMessage> Token(ApiFactory host) => host.CreateClient().From("203.0.113.9").PostAsJsonAsync("/api/auth/token", new { });

        // Two on each: with a count per process, each would still have two left.
        foreach (var host in new[] { a, b, a, b })
            Assert.NotEqual(429, (int)(await Token(host)).StatusCode);

        foreach (var host in new[] { a, b })
        {
            var refused = await Token(host);
            await Expect.ProblemAsync(refused, 429, "too-many-requests");
            Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 120);
        }
        // Another address has its own allowance.
        Assert.NotEqual(429, (int)(await a.CreateClient().From("203.0.113.10").PostAsJsonAsync("/api/auth/token", new { })).StatusCode);
    }
}
