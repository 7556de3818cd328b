using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>The ranking on the embedded default, where it is computed from the streamed rounds rather than in the database.</summary>
public sealed class RankingOnSqliteTests : SqliteApiTest
{
    [Fact]
    public async Task The_ranking_aggregates_the_current_reviews_and_pages_on_SQLite()
    {
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);
        for (var i = 0; i < 3; i++)
            await Expect.StatusAsync(await ReviewAsync(experts[i].Client, assignments[i], Scores(70 + i * 10)), HttpStatusCode.OK);

        var first = await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{s.CallId}/ranking?page=1&pageSize=1");
        var second = await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{s.CallId}/ranking?page=2&pageSize=1");

        var sector = Assert.Single(first!);
        Assert.Equal(1, sector.GetProperty("ranked").GetInt32());
        var row = Assert.Single(sector.GetProperty("applications").EnumerateArray());
        Assert.Equal((s.ApplicationId, 1, 3, 80m, 8.16m, true),
            (row.GetProperty("applicationId").GetGuid(), row.GetProperty("rank").GetInt32(), row.GetProperty("reviews").GetInt32(),
             row.GetProperty("score").GetDecimal(), row.GetProperty("stdDev").GetDecimal(), row.GetProperty("passes").GetBoolean()));
        Assert.Empty(Assert.Single(second!).GetProperty("applications").EnumerateArray());
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{s.CallId}/ranking?pageSize=0"), 400, "validation");
    }
}
