using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Notifications;

public sealed class NotificationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static async Task<string[]> MessagesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement[]>("/api/me/notifications"))!.Select(n => n.GetProperty("message").GetString()!).ToArray();

    [Fact]
    public async Task Each_caller_reads_the_notifications_for_their_role_about_applications_they_may_see()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var otherApplicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var beijingEmail = $"bj-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email = beijingEmail, password = "Recommender-Passw0rd", displayName = "北京市经济和信息化局", role = "Recommender",
            recommender = new { provinceCode = "11" },
        }), HttpStatusCode.Created);
        var beijing = await Calls.SignedInAsync(Factory, beijingEmail, "Recommender-Passw0rd");

        await s.MoveAsync(s.Applicant, "submit");

        var forRecommender = (await s.Recommender.GetFromJsonAsync<JsonElement[]>("/api/me/notifications"))!;
        Assert.Equal("An application awaits your recommendation.", Assert.Single(forRecommender).GetProperty("message").GetString());
        Assert.Equal(s.ApplicationId, forRecommender[0].GetProperty("applicationId").GetGuid());
        Assert.Empty(await MessagesAsync(beijing));
        Assert.Empty(await MessagesAsync(s.Applicant));
        Assert.Empty(await MessagesAsync(admin));

        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "return", "请补充应用成效的第三方检测报告。");

        Assert.Equal(["Your application was returned for revision."], await MessagesAsync(s.Applicant));
        Assert.Empty(await MessagesAsync(otherApplicant));

        // A second round: two notifications each, newest first, paged with limit and before.
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "return", "请补充第三方检测报告的原件扫描件。");
        var both = (await s.Applicant.GetFromJsonAsync<JsonElement[]>("/api/me/notifications"))!;
        Assert.Equal(2, both.Length);
        Assert.True(both[0].GetProperty("createdAt").GetDateTimeOffset() > both[1].GetProperty("createdAt").GetDateTimeOffset());
        var newest = Assert.Single((await s.Applicant.GetFromJsonAsync<JsonElement[]>("/api/me/notifications?limit=1"))!);
        Assert.Equal(both[0].GetProperty("id").GetGuid(), newest.GetProperty("id").GetGuid());
        var older = (await s.Applicant.GetFromJsonAsync<JsonElement[]>(
            $"/api/me/notifications?before={Uri.EscapeDataString(both[0].GetProperty("createdAt").GetDateTimeOffset().ToString("O"))}"))!;
        Assert.Equal(both[1].GetProperty("id").GetGuid(), Assert.Single(older).GetProperty("id").GetGuid());
        Assert.Equal(2, (await s.Recommender.GetFromJsonAsync<JsonElement[]>("/api/me/notifications"))!.Length);
        await Expect.ProblemAsync(await s.Applicant.GetAsync("/api/me/notifications?limit=0"), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/me/notifications"), 401, "unauthenticated");
    }

    [Fact]
    public async Task A_notification_for_a_role_is_read_by_each_of_its_users_separately()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var colleagueEmail = $"gd2-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email = colleagueEmail, password = "Recommender-Passw0rd", displayName = "广东省通信管理局", role = "Recommender",
            recommender = new { provinceCode = "44" },
        }), HttpStatusCode.Created);
        var colleague = await Calls.SignedInAsync(Factory, colleagueEmail, "Recommender-Passw0rd");
        await s.MoveAsync(s.Applicant, "submit");
        var id = (await s.Recommender.GetFromJsonAsync<JsonElement[]>("/api/me/notifications?unread=true"))!.Single().GetProperty("id").GetGuid();

        await Expect.StatusAsync(await s.Recommender.PostAsync($"/api/me/notifications/{id}/read", null), HttpStatusCode.NoContent);
        await Expect.StatusAsync(await s.Recommender.PostAsync($"/api/me/notifications/{id}/read", null), HttpStatusCode.NoContent);

        Assert.Empty((await s.Recommender.GetFromJsonAsync<JsonElement[]>("/api/me/notifications?unread=true"))!);
        Assert.True((await s.Recommender.GetFromJsonAsync<JsonElement[]>("/api/me/notifications"))!.Single().GetProperty("read").GetBoolean());
        var theirs = (await colleague.GetFromJsonAsync<JsonElement[]>("/api/me/notifications?unread=true"))!.Single();
        Assert.False(theirs.GetProperty("read").GetBoolean());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"NotificationReads\" WHERE \"NotificationId\" = '{id}'"));

        // Someone the notification is not for cannot mark it, nor learn that it exists.
        await Expect.ProblemAsync(await s.Applicant.PostAsync($"/api/me/notifications/{id}/read", null), 404, "not-found");
        await Expect.ProblemAsync(await s.Recommender.PostAsync($"/api/me/notifications/{Guid.NewGuid()}/read", null), 404, "not-found");
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"NotificationReads\""));
    }
}
