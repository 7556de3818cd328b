using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>The call's recommendation deadline: recommending and declining end there, read from the API's clock.</summary>
public sealed class RecommendationDeadlineTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "Recommender-Passw0rd";

    /// <summary>An open security-centre call closing in 30 days whose recommendation deadline is 45 days from now.</summary>
    private static async Task<(Guid Id, DateTimeOffset Deadline)> OpenCallAsync(HttpClient admin)
    {
        var now = DateTimeOffset.UtcNow;
        var deadline = new DateTimeOffset(now.AddDays(45).UtcDateTime.Date, TimeSpan.Zero);
        var created = await admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "security-centre", year = 2026, batch = 1, titleZh = "2026 年安全创新示范中心", titleEn = "2026 security centres",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), recommendationDeadline = deadline,
        });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{id}/open", null), HttpStatusCode.OK);
        return (id, deadline);
    }

    private static async Task<string> RecommenderAsync(HttpClient admin)
    {
        var email = $"r-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = Password, displayName = "广东省工业和信息化厅", role = "Recommender", recommender = new { provinceCode = "44" },
        }), HttpStatusCode.Created);
        return email;
    }

    [Fact]
    public async Task Recommending_and_declining_are_refused_after_the_calls_recommendation_deadline_and_allowed_before()
    {
        var admin = await AsAdminAsync();
        var (callId, deadline) = await OpenCallAsync(admin);
        var email = await RecommenderAsync(admin);
        var recommender = await Calls.SignedInAsync(Factory, email, Password);
        var before = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var declinedBefore = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var after = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;

        await Expect.StatusAsync(await Transitions.FireAsync(recommender, before, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, declinedBefore, "decline", "材料不足。"), HttpStatusCode.OK);

        // Another process of the API whose clock reads a day past the deadline (and before the lapse timer at closing + 30 days).
        await using var later = ApiFactory.Later(Fixture.ConnectionString, 46);
        var lateRecommender = await Calls.SignedInAsync(later, email, Password);
        var etag = (await admin.GetAsync($"/api/applications/{after}")).Headers.ETag?.Tag;

        var recommend = await Expect.ProblemAsync(await Transitions.FireAsync(lateRecommender, after, "recommend"), 409, "recommendation-deadline-passed");
        var decline = await Expect.ProblemAsync(await Transitions.FireAsync(lateRecommender, after, "decline", "材料不足。"), 409, "recommendation-deadline-passed");

        Assert.All(new[] { recommend, decline }, problem =>
        {
            Assert.Equal(deadline, problem.GetProperty("deadline").GetDateTimeOffset());
            Assert.Contains(deadline.ToString("O"), problem.GetProperty("detail").GetString());
        });
        var unchanged = await admin.GetAsync($"/api/applications/{after}");
        Assert.Equal(etag, unchanged.Headers.ETag?.Tag);
        Assert.Equal("Submitted", (await unchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }
}
