using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>The call's recommendation deadline: recommending and declining end there, read from the API's clock.</summary>
public sealed class RecommendationDeadlineTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Recommending_and_declining_are_refused_after_the_calls_recommendation_deadline_and_allowed_before()
    {
        var admin = await AsAdminAsync();
        var (callId, deadline) = await Recommenders.OpenCallAsync(admin);
        var email = await Recommenders.AccountAsync(admin, new { provinceCode = "44" });
        var recommender = await Calls.SignedInAsync(Factory, email, Recommenders.Password);
        var before = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var declinedBefore = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;
        var after = (await Recommenders.SubmittedAsync(Factory, admin, callId)).ApplicationId;

        await Expect.StatusAsync(await Transitions.FireAsync(recommender, before, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(recommender, declinedBefore, "decline", "材料不足。"), HttpStatusCode.OK);

        // Another process of the API whose clock reads a day past the deadline (and before the lapse timer at closing + 30 days).
        await using var later = ApiFactory.Later(Fixture.ConnectionString, 46);
        var lateRecommender = await Calls.SignedInAsync(later, email, Recommenders.Password);
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
