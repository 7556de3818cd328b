using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Reviews;
using YangFan.Benchmarks.Domain.Review;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>The call ranking, a page at a time.</summary>
public sealed class RankingPagingTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int Applications = 31;

    /// <summary>
    /// A call with <see cref="Applications"/> submitted applications (in two sectors, for the demonstration benchmark):
    /// the scenario's, in review without reviewers, and copies of it, each reviewed by two to five of five experts.
    /// </summary>
    private async Task<Guid> RankedCallAsync(HttpClient admin, string programme = "demonstration-benchmark")
    {
        var s = await InReviewAsync(Factory, admin, programme);
        var ids = new List<Guid>();
        foreach (var province in new[] { "11", "31", "32", "33", "51" })
            ids.Add((await ExpertAsync(Factory, admin, province: province)).Id);
        await WorkflowBuilder.InTransactionAsync(Factory, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlAsync($"""
                CREATE TEMP TABLE copies ON COMMIT DROP AS
                    SELECT a.* FROM "Applications" a CROSS JOIN generate_series(2, {Applications}) WHERE a."Id" = {s.ApplicationId};
                UPDATE copies SET "Id" = gen_random_uuid(), "SectorKey" = gen_random_uuid()::text;
                CREATE TEMP TABLE numbered ON COMMIT DROP AS SELECT "Id", row_number() OVER (ORDER BY "Id") AS n FROM copies;
                UPDATE copies c SET "SectorCode" = 'smart-ports' FROM numbered m WHERE m."Id" = c."Id" AND m.n % 3 = 0;
                INSERT INTO "Applications" SELECT * FROM copies;
                INSERT INTO "Assignments" ("Id", "ApplicationId", "CallId", "Round", "ExpertId", "Status", "CreatedAt", "DueAt", "Late",
                        "SubmittedAt", "WeightedTotal", "Version")
                    SELECT gen_random_uuid(), c."Id", c."CallId", c."ReviewRound", e.id, 'Submitted', now(), now(), false, now(),
                        50 + (m.n * 37 + e.i * 11) % 50 + e.i * 0.1234, 1
                    FROM copies c JOIN numbered m ON m."Id" = c."Id" CROSS JOIN unnest({ids.ToArray()}) WITH ORDINALITY AS e(id, i)
                    WHERE e.i <= 2 + m.n % 4;
                """);
            return 0;
        });
        return s.CallId;
    }

    private static async Task<JsonElement[]> PageAsync(HttpClient admin, Guid call, int page, int pageSize) =>
        (await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{call}/ranking?page={page}&pageSize={pageSize}"))!;

    private static IEnumerable<(string? Sector, JsonElement Row)> Rows(JsonElement[] ranking) =>
        ranking.SelectMany(g => g.GetProperty("applications").EnumerateArray().Select(r => (g.GetProperty("sectorCode").GetString(), r)));

    [Fact]
    public async Task Pages_of_the_ranking_concatenate_to_the_whole_ranking_in_rank_order()
    {
        var admin = await AsAdminAsync();
        var call = await RankedCallAsync(admin);

        var whole = await PageAsync(admin, call, 1, Ranking.MaxPageSize);
        var pages = new List<JsonElement[]>();
        for (var page = 1; page <= 5; page++)
            pages.Add(await PageAsync(admin, call, page, 7));

        var expected = Rows(whole).Select(r => (r.Sector, Rank: r.Row.GetProperty("rank").GetInt32(), Id: r.Row.GetProperty("applicationId").GetGuid())).ToList();
        Assert.Equal(Applications, expected.Count);
        Assert.All(pages.Take(4), p => Assert.Equal(7, Rows(p).Count()));
        Assert.Equal(3, Rows(pages[4]).Count());
        Assert.Equal(expected, pages.SelectMany(Rows).Select(r => (r.Sector, r.Row.GetProperty("rank").GetInt32(), r.Row.GetProperty("applicationId").GetGuid())));
        // Every page names every sector with its whole count and its targets, whether or not its rows fall on it.
        foreach (var page in pages)
            Assert.Equal(whole.Select(g => (g.GetProperty("sectorCode").GetString(), g.GetProperty("ranked").GetInt32(), g.GetProperty("selected").GetInt32())),
                page.Select(g => (g.GetProperty("sectorCode").GetString(), g.GetProperty("ranked").GetInt32(), g.GetProperty("selected").GetInt32())));
        Assert.Equal(Applications, whole.Sum(g => g.GetProperty("ranked").GetInt32()));
        // Ranked by score, then by how many reviews, then by id; the application without reviews comes last.
        foreach (var sector in whole)
        {
            var rows = sector.GetProperty("applications").EnumerateArray().ToList();
            Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.GetProperty("rank").GetInt32()));
            Assert.Equal(rows.OrderByDescending(r => r.GetProperty("score").ValueKind == JsonValueKind.Null ? -1 : r.GetProperty("score").GetDecimal())
                .ThenByDescending(r => r.GetProperty("reviews").GetInt32()).ThenBy(r => r.GetProperty("applicationId").GetGuid()), rows);
        }
        Assert.Equal(0, Rows(whole).Single(r => r.Sector == "industrial-internet" && r.Row.GetProperty("score").ValueKind == JsonValueKind.Null).Row
            .GetProperty("reviews").GetInt32());
    }

    [Theory]
    [InlineData("demonstration-benchmark", Scoring.TrimmedMean)]
    [InlineData("solution-supplier", Scoring.Median)]
    public async Task Each_ranked_score_is_the_workflows_aggregate_of_the_applications_current_reviews(string programme, string method)
    {
        var admin = await AsAdminAsync();
        var call = await RankedCallAsync(admin, programme);

        var rows = Rows(await PageAsync(admin, call, 1, Ranking.MaxPageSize)).Select(r => r.Row).ToList();

        Assert.Equal(Applications, rows.Count);
        foreach (var row in rows)
        {
            var totals = (await ScalarAsync<string>($"SELECT coalesce(string_agg(\"WeightedTotal\"::text, ' '), '') FROM \"Assignments\" " +
                    $"WHERE \"ApplicationId\" = '{row.GetProperty("applicationId").GetGuid()}' AND \"Status\" = 'Submitted'"))!
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => decimal.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            // Both programmes' review blocks pass at 70 with 3 reviews and flag disagreement above 12.
            var expected = Scoring.Aggregate(method, totals, 12);
            Assert.Equal((expected.Count, expected.Score, expected.StdDev, expected.Disagreement, expected.Score >= 70 && expected.Count >= 3),
                (row.GetProperty("reviews").GetInt32(), Decimal(row.GetProperty("score")), Decimal(row.GetProperty("stdDev")),
                 row.GetProperty("disagreement").GetBoolean(), row.GetProperty("passes").GetBoolean()));
        }
        Assert.Contains(rows, r => r.GetProperty("reviews").GetInt32() >= Scoring.TrimmedMeanMinimumCount);
        Assert.Contains(rows, r => r.GetProperty("disagreement").GetBoolean());
    }

    private static decimal? Decimal(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    [Fact]
    public async Task The_same_page_asked_twice_lists_the_same_rows_and_a_page_past_the_end_lists_none()
    {
        var admin = await AsAdminAsync();
        var call = await RankedCallAsync(admin);

        var once = JsonSerializer.Serialize(await PageAsync(admin, call, 2, 10));
        var again = JsonSerializer.Serialize(await PageAsync(admin, call, 2, 10));
        var past = await PageAsync(admin, call, 9, 10);

        Assert.Equal(once, again);
        Assert.Empty(Rows(past));
        Assert.Equal(Applications, past.Sum(g => g.GetProperty("ranked").GetInt32()));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-3", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    public async Task A_ranking_page_out_of_range_is_a_validation_problem(string parameters, string field)
    {
        var admin = await AsAdminAsync();
        var call = await RankedCallAsync(admin);

        var problem = await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{call}/ranking?{parameters}"), 400, "validation");

        Assert.Equal([field], Expect.ErrorFields(problem));
    }

    [Fact]
    public async Task A_ranking_page_that_is_not_a_number_is_a_bad_request()
    {
        var admin = await AsAdminAsync();
        var call = await RankedCallAsync(admin);

        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{call}/ranking?pageSize=many"), 400, "bad-request");
    }
}
