using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>
/// A recommending authority's ranking of its recommended applications per call: shared by its accounts, serialised by
/// If-Match, only its own standing recommendations, each once, until the call's recommendation deadline.
/// </summary>
public sealed class RecommendationRankingTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly object Guangdong = new { provinceCode = "44" };

    /// <summary>A call with <paramref name="count"/> applications from Guangdong that <paramref name="recommender"/> recommended, in order.</summary>
    private async Task<(Guid CallId, DateTimeOffset Deadline, Guid[] Recommended)> RecommendedAsync(HttpClient admin, HttpClient recommender, int count)
    {
        var (callId, deadline) = await Recommenders.OpenCallAsync(admin);
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
            await Expect.StatusAsync(await Transitions.FireAsync(recommender, ids[i], "recommend"), HttpStatusCode.OK);
        }
        return (callId, deadline, ids);
    }

    [Fact]
    public async Task The_authoritys_accounts_share_one_ranking_and_an_application_recommended_later_joins_it_at_the_end()
    {
        var admin = await AsAdminAsync();
        var first = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var second = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var (callId, deadline, ids) = await RecommendedAsync(admin, first, 3);

        var (initial, etag) = await Recommenders.RankingAsync(second, callId);
        Assert.Equal(ids, Recommenders.RankedIds(initial));
        Assert.Equal("\"0\"", etag);
        Assert.Equal("province:44", initial.GetProperty("authority").GetString());
        Assert.Equal(deadline, initial.GetProperty("recommendationDeadline").GetDateTimeOffset());
        Assert.True(initial.GetProperty("open").GetBoolean());
        var top = initial.GetProperty("applications")[0];
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        Assert.Equal(Transitions.Opinion, top.GetProperty("opinion").GetString());
        Assert.Equal(18, top.GetProperty("creditCode").GetString()!.Length);

        var saved = await Recommenders.SaveRankingAsync(second, callId, [ids[2], ids[0], ids[1]], etag);
        await Expect.StatusAsync(saved, HttpStatusCode.OK);
        Assert.Equal("\"1\"", saved.Headers.ETag?.Tag);

        var later = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        await Expect.StatusAsync(await Transitions.FireAsync(first, later, "recommend"), HttpStatusCode.OK);
        var (seen, seenTag) = await Recommenders.RankingAsync(first, callId);
        Assert.Equal([ids[2], ids[0], ids[1], later], Recommenders.RankedIds(seen));
        Assert.Equal("\"1\"", seenTag);
        Assert.Equal([1, 2, 3, 4], seen.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("rank").GetInt32()));
    }

    [Fact]
    public async Task An_application_returned_or_ruled_ineligible_drops_out_of_the_ranking_and_the_rest_keep_their_order()
    {
        var admin = await AsAdminAsync();
        var recommender = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var (callId, _, ids) = await RecommendedAsync(admin, recommender, 4);
        var (_, etag) = await Recommenders.RankingAsync(recommender, callId);
        await Expect.StatusAsync(await Recommenders.SaveRankingAsync(recommender, callId, [ids[3], ids[2], ids[1], ids[0]], etag), HttpStatusCode.OK);

        await Expect.StatusAsync(await Transitions.FireAsync(admin, ids[2], "return", "请补充材料。"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, ids[0], "mark-ineligible", "不符合申报条件。"), HttpStatusCode.OK);

        var (ranking, current) = await Recommenders.RankingAsync(recommender, callId);
        Assert.Equal([ids[3], ids[1]], Recommenders.RankedIds(ranking));
        await Expect.StatusAsync(await Recommenders.SaveRankingAsync(recommender, callId, [ids[1], ids[3]], current), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_save_without_If_Match_or_on_a_stale_version_is_refused_and_changes_nothing()
    {
        var admin = await AsAdminAsync();
        var first = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var second = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var (callId, _, ids) = await RecommendedAsync(admin, first, 2);
        var (_, stale) = await Recommenders.RankingAsync(second, callId);
        await Expect.StatusAsync(await Recommenders.SaveRankingAsync(first, callId, [ids[1], ids[0]], stale), HttpStatusCode.OK);

        await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(second, callId, [ids[0], ids[1]], null), 428, "precondition-required");
        var problem = await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(second, callId, [ids[0], ids[1]], stale), 412, "precondition-failed");
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());

        var (ranking, etag) = await Recommenders.RankingAsync(second, callId);
        Assert.Equal([ids[1], ids[0]], Recommenders.RankedIds(ranking));
        Assert.Equal("\"1\"", etag);
    }

    [Fact]
    public async Task A_ranking_must_name_each_of_the_authoritys_own_recommended_applications_exactly_once()
    {
        var admin = await AsAdminAsync();
        var recommender = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var beijing = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "11" });
        var (callId, _, ids) = await RecommendedAsync(admin, recommender, 2);
        var pending = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var othersRecommended = (await Recommenders.SubmittedAsync(Factory, admin, callId, "11")).ApplicationId;
        await Expect.StatusAsync(await Transitions.FireAsync(beijing, othersRecommended, "recommend"), HttpStatusCode.OK);
        var (_, etag) = await Recommenders.RankingAsync(recommender, callId);

        var missing = await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(recommender, callId, [ids[1]], etag), 409, "ranking-mismatch");
        Assert.Equal([ids[0]], missing.GetProperty("missing").EnumerateArray().Select(e => e.GetGuid()));
        foreach (var stranger in new[] { pending, othersRecommended })
        {
            var unexpected = await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(recommender, callId, [ids[1], ids[0], stranger], etag),
                409, "ranking-mismatch");
            Assert.Equal([stranger], unexpected.GetProperty("unexpected").EnumerateArray().Select(e => e.GetGuid()));
        }
        var twice = await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(recommender, callId, [ids[1], ids[0], ids[1]], etag), 400, "validation");
        Assert.Contains("applicationIds", Expect.ErrorFields(twice));

        var (ranking, after) = await Recommenders.RankingAsync(recommender, callId);
        Assert.Equal(ids, Recommenders.RankedIds(ranking));
        Assert.Equal(etag, after);
        var (theirs, _) = await Recommenders.RankingAsync(beijing, callId);
        Assert.Equal([othersRecommended], Recommenders.RankedIds(theirs));
    }

    [Fact]
    public async Task The_ranking_is_refused_after_the_calls_recommendation_deadline_and_changes_nothing()
    {
        var admin = await AsAdminAsync();
        var email = await Recommenders.AccountAsync(admin, Guangdong);
        var recommender = await Calls.SignedInAsync(Factory, email, Recommenders.Password);
        var (callId, deadline, ids) = await RecommendedAsync(admin, recommender, 2);
        var (_, etag) = await Recommenders.RankingAsync(recommender, callId);

        // Another process of the API whose clock reads a day past the deadline.
        await using var later = ApiFactory.Later(Fixture.ConnectionString, 46);
        var lateRecommender = await Calls.SignedInAsync(later, email, Recommenders.Password);
        var (closed, _) = await Recommenders.RankingAsync(lateRecommender, callId);
        Assert.False(closed.GetProperty("open").GetBoolean());

        var problem = await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(lateRecommender, callId, [ids[1], ids[0]], etag), 409, "ranking-closed");
        Assert.Equal(deadline, problem.GetProperty("deadline").GetDateTimeOffset());
        var (ranking, after) = await Recommenders.RankingAsync(recommender, callId);
        Assert.Equal(ids, Recommenders.RankedIds(ranking));
        Assert.Equal(etag, after);
    }

    [Fact]
    public async Task Administrators_read_every_authoritys_ranking_and_the_ranking_endpoints_keep_to_their_roles()
    {
        var admin = await AsAdminAsync();
        var recommender = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var beijing = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "11" });
        var (callId, _, ids) = await RecommendedAsync(admin, recommender, 2);
        var theirs = (await Recommenders.SubmittedAsync(Factory, admin, callId, "11")).ApplicationId;
        await Expect.StatusAsync(await Transitions.FireAsync(beijing, theirs, "recommend"), HttpStatusCode.OK);
        var (_, etag) = await Recommenders.RankingAsync(recommender, callId);
        await Expect.StatusAsync(await Recommenders.SaveRankingAsync(recommender, callId, [ids[1], ids[0]], etag), HttpStatusCode.OK);

        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/recommendation-rankings");
        Assert.Equal(["province:11", "province:44"], all.EnumerateArray().Select(r => r.GetProperty("authority").GetString()));
        Assert.Equal([ids[1], ids[0]], Recommenders.RankedIds(all[1]));
        var one = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/recommendation-rankings?authority=province:44");
        Assert.Equal([ids[1], ids[0]], Recommenders.RankedIds(Assert.Single(one.EnumerateArray())));
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{callId}/recommendation-rankings?authority=city"), 400, "validation");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{Guid.NewGuid()}/recommendation-rankings"), 404, "not-found");

        await Expect.ProblemAsync(await recommender.GetAsync($"/api/calls/{callId}/recommendation-rankings"), 403, "forbidden");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/recommendations/calls/{callId}/ranking"), 403, "forbidden");
        await Expect.ProblemAsync(await Recommenders.SaveRankingAsync(admin, callId, [ids[0], ids[1]], "\"1\""), 403, "forbidden");
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/recommendations/calls/{callId}/ranking"), 401, "unauthenticated");
        await Expect.ProblemAsync(await recommender.GetAsync($"/api/recommendations/calls/{Guid.NewGuid()}/ranking"), 404, "not-found");
        var (mine, _) = await Recommenders.RankingAsync(recommender, callId);
        Assert.Equal([ids[1], ids[0]], Recommenders.RankedIds(mine));
    }

    [Fact]
    public async Task The_summary_sheet_lists_the_authority_the_call_the_day_and_the_ranked_applications_with_formulas_kept_as_text()
    {
        var admin = await AsAdminAsync();
        var recommender = await Recommenders.CreateAsync(Factory, admin, Guangdong);
        var (callId, _, ids) = await RecommendedAsync(admin, recommender, 1);
        const string formula = "=HYPERLINK(\"http://evil.example\",\"点击\")";
        var second = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, second, "recommend", formula), HttpStatusCode.OK);
        var (_, etag) = await Recommenders.RankingAsync(recommender, callId);
        var saved = await Recommenders.SaveRankingAsync(recommender, callId, [second, ids[0]], etag);
        await Expect.StatusAsync(saved, HttpStatusCode.OK);
        var ranked = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applications");

        var response = await recommender.GetAsync($"/api/recommendations/calls/{callId}/summary.xlsx");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = new MemoryStream(await response.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: false)
            .Cast<IDictionary<string, object?>>().ToList();

        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd");
        Assert.Equal("推荐汇总表", rows[0]["A"]);
        Assert.Equal("推荐单位：广东省", rows[1]["A"]);
        Assert.Equal("申报批次：2026 年安全创新示范中心", rows[2]["A"]);
        Assert.Equal("填报日期：" + today, rows[3]["A"]);
        Assert.Equal(["排名", "项目名称", "申报单位", "统一社会信用代码", "行业领域", "推荐意见"], rows[4].Values.Take(6).Select(v => v as string));
        Assert.Equal(2, rows.Count - 5);
        for (var i = 0; i < 2; i++)
        {
            var row = rows[5 + i];
            Assert.Equal(i + 1, Convert.ToInt32(row["A"]));
            Assert.Equal(ranked[i].GetProperty("title").GetString(), row["B"]);
            Assert.Equal(ranked[i].GetProperty("organisationName").GetString(), row["C"]);
            Assert.Equal(ranked[i].GetProperty("creditCode").GetString(), row["D"]);
        }
        Assert.Equal("'" + formula, rows[5]["F"]);
        Assert.Equal(Transitions.Opinion, rows[6]["F"]);

        await Expect.ProblemAsync(await admin.GetAsync($"/api/recommendations/calls/{callId}/summary.xlsx"), 403, "forbidden");
        await Expect.ProblemAsync(await recommender.GetAsync($"/api/recommendations/calls/{Guid.NewGuid()}/summary.xlsx"), 404, "not-found");
    }
}
