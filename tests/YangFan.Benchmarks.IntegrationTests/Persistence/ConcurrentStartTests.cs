using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Replicas behind a load balancer start together on an empty PostgreSQL database: one migrates and seeds while the
/// others wait on the start-up lock, and every one of them comes up.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrentStartTests(ApiFixture fixture)
{
    [Fact]
    public async Task Three_replicas_started_at_once_on_an_empty_database_all_come_up()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_start_{Guid.NewGuid():N}");
        var replicas = Enumerable.Range(0, 3)
            .Select(i => new ApiFactory(ApiFactory.PostgresSettings(connection, Path.Combine(Path.GetTempPath(), $"yangfan-start-{Guid.NewGuid():N}"))))
            .ToList();
        try
        {
            // Each host migrates and seeds inside its start; a failed start throws out of CreateClient.
            var clients = await Task.WhenAll(replicas.Select(r => Task.Run(r.CreateClient)));

            foreach (var client in clients)
                Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            // The seed ran to the end once: every replica sees the same seeded reference data.
            var programmes = await Task.WhenAll(clients.Select(c => c.GetStringAsync("/api/programmes")));
            Assert.Single(programmes.Distinct());
            Assert.Contains("security-centre", programmes[0]);
        }
        finally
        {
            foreach (var replica in replicas)
                await replica.DisposeAsync();
        }
    }
}
