using System.Net;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Architecture;

/// <summary>
/// The load run's floor endpoints live in the load host (tests/YangFan.Benchmarks.LoadHost), never in the production
/// host: no floor type in the Api assembly, and no setting that turns them on.
/// </summary>
public sealed class ProductionHostTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public void The_api_assembly_holds_no_floor_endpoint()
    {
        var floors = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Name.Contains("Floor", StringComparison.OrdinalIgnoreCase))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(floors.Count == 0, "Load-run types in the Api assembly: " + string.Join(", ", floors));
    }

    [Fact]
    public async Task The_production_host_answers_404_under_floor_even_with_the_former_switch_on()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-nofloor-{Guid.NewGuid():N}"));
        settings["Benchmarks:FloorEndpoints"] = "true";
        await using var api = new ApiFactory(settings);

        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/floor/progress")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync($"/floor/directories/{Guid.NewGuid()}")).StatusCode);
    }
}
