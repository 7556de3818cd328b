using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>An API on a PostgreSQL cluster of its own, which the test stops and starts again; the shared one is never touched.</summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_down_requests_answer_503_with_Retry_After_and_the_outage_is_logged_once()
    {
        await using var server = await PostgresServer.StartThrowAwayAsync();
        var settings = ApiFactory.PostgresSettings(await server.CreateDatabaseAsync("outage"),
            Path.Combine(Path.GetTempPath(), $"yangfan-outage-{Guid.NewGuid():N}"));
        settings[$"Logging:LogLevel:{typeof(DatabaseOutage).FullName}"] = "Information";
        var logs = new LogCapture();
        await using var api = new ApiFactory(settings).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var admin = await Calls.SignedInAsync(api, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        await Expect.StatusAsync(await admin.GetAsync("/api/calls"), HttpStatusCode.OK);

        await server.StopClusterAsync();
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => admin.GetAsync("/api/calls"),
            () => admin.PostAsync("/api/calls", JsonContent.Create(new { programmeKey = "demonstration-benchmark" })),
            () => api.CreateClient().PostAsync("/api/auth/token", JsonContent.Create(new { email = ApiFactory.AdminEmail, password = ApiFactory.AdminPassword })),
            () => admin.GetAsync("/api/me/notifications"),
        };
        foreach (var request in requests)
        {
            var response = await request();
            await Expect.ProblemAsync(response, 503, "service-unavailable");
            Assert.Equal(TimeSpan.FromSeconds(DatabaseOutage.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        }
        // The readiness probe keeps its own answer: unhealthy, as plain text, not a problem.
        var ready = await api.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.NotEqual("application/problem+json", ready.Content.Headers.ContentType?.MediaType);

        await server.StartClusterAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage after;
        // Connections the restart broke are dropped from the pool as they are used, so the first tries may still fail.
        while ((after = await admin.GetAsync("/api/calls")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await Expect.StatusAsync(after, HttpStatusCode.OK);

        var outage = logs.Entries.Where(e => e.Category == typeof(DatabaseOutage).FullName).ToList();
        Assert.Collection(outage,
            began => Assert.Equal(LogLevel.Error, began.Level),
            ended => Assert.Equal(LogLevel.Information, ended.Level));
        Assert.Empty(logs.AtLeast(LogLevel.Error).Where(e =>
            e.Category != typeof(DatabaseOutage).FullName && !e.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal))
            .Select(e => $"{e.Category}: {e.Message}"));
    }
}
