using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

/// <summary>
/// Progress as the product runs it by default (<c>Progress:ServeStaleWhileRefreshing</c>): a read after a change takes
/// the previous answer at once and the new one is computed in the background, in a scope of its own, for the reads
/// after it. The other tests turn this off to compare counts right after each move.
/// </summary>
public sealed class ProgressServedStaleTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_read_after_a_change_answers_the_previous_figures_and_a_background_refresh_brings_the_new_ones()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-stale-{Guid.NewGuid():N}"));
        settings["Progress:ServeStaleWhileRefreshing"] = "true";
        // Long enough that the answer never expires by time during the test: only the background refresh can renew it.
        settings["Progress:CacheSeconds"] = "3600";
        await using var api = new ApiFactory(settings);
        var admin = await Calls.SignedInAsync(api, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var anonymous = api.CreateClient();
        Assert.Equal(0, await DraftsAsync(anonymous));

        await WorkflowScenario.CreateAsync(api, admin);

        // The change moved the generation: this read is answered from the previous figures, without waiting.
        Assert.Equal(0, await DraftsAsync(anonymous));
        // Its request is over; the refresh it started ran in its own scope and renewed the answer.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int drafts;
        while ((drafts = await DraftsAsync(anonymous)) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(1, drafts);
    }

    private static async Task<int> DraftsAsync(HttpClient client)
    {
        var benchmark = (await client.GetFromJsonAsync<JsonElement[]>("/api/progress"))!
            .Single(p => p.GetProperty("key").GetString() == "demonstration-benchmark");
        return benchmark.GetProperty("total").GetProperty("pipeline").TryGetProperty("Draft", out var count) ? count.GetInt32() : 0;
    }
}
