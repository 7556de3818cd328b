using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Mail;

/// <summary>The administrators' view of the outbox over HTTP: who may read it, what it shows and never shows.</summary>
public sealed class OutboxListTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Only_administrators_read_the_outbox_and_retry_its_messages()
    {
        var id = await InsertAsync("someone@example.cn", "Failed", "tests.one", minutesAgo: 5);
        var applicant = await Calls.SignedInAsRoleAsync(Factory, await AsAdminAsync(), "Applicant");
        var expert = await Calls.SignedInAsRoleAsync(Factory, await AsAdminAsync(), "Expert");

        foreach (var client in new[] { applicant, expert })
        {
            await Expect.ProblemAsync(await client.GetAsync("/api/outbox"), 403, "forbidden");
            await Expect.ProblemAsync(await client.GetAsync("/api/outbox/summary"), 403, "forbidden");
            await Expect.ProblemAsync(await client.PostAsync($"/api/outbox/{id}/retry", null), 403, "forbidden");
        }
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/outbox"), 401, "unauthenticated");
        Assert.Equal("Failed", await ScalarAsync<string>($"SELECT \"Status\" FROM \"OutgoingEmails\" WHERE \"Id\" = '{id}'"));
    }

    [Fact]
    public async Task The_list_filters_by_status_event_and_recipient_pages_newest_first_and_never_carries_a_body()
    {
        var oldest = await InsertAsync("Alice@Example.cn", "Sent", "tests.reset", minutesAgo: 30);
        var middle = await InsertAsync("bob@example.cn", "Pending", "tests.reset", minutesAgo: 20);
        var newest = await InsertAsync("alice.two@example.cn", "Failed", "tests.invite", minutesAgo: 10);
        var admin = await AsAdminAsync();

        var all = await admin.GetFromJsonAsync<JsonElement>("/api/outbox");
        Assert.Equal([newest, middle, oldest], Ids(all));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        foreach (var item in all.GetProperty("items").EnumerateArray())
        {
            Assert.False(item.TryGetProperty("body", out _), "The list carries a body.");
            Assert.DoesNotContain("SECRET-LINK", item.GetRawText());
        }

        Assert.Equal([middle], Ids(await admin.GetFromJsonAsync<JsonElement>("/api/outbox?status=Pending")));
        Assert.Equal([middle, oldest], Ids(await admin.GetFromJsonAsync<JsonElement>("/api/outbox?event=tests.reset")));
        Assert.Equal([newest, oldest], Ids(await admin.GetFromJsonAsync<JsonElement>("/api/outbox?recipient=ALICE")));
        var second = await admin.GetFromJsonAsync<JsonElement>("/api/outbox?page=2&pageSize=2");
        Assert.Equal([oldest], Ids(second));
        Assert.Equal(3, second.GetProperty("total").GetInt32());
        await Expect.ProblemAsync(await admin.GetAsync("/api/outbox?pageSize=0"), 400, "validation");
        await Expect.ProblemAsync(await admin.GetAsync("/api/outbox?status=Lost"), 400, "bad-request");

        var summary = await admin.GetFromJsonAsync<JsonElement>("/api/outbox/summary");
        Assert.Equal((1, 1, 1), (summary.GetProperty("pending").GetInt32(), summary.GetProperty("sent").GetInt32(), summary.GetProperty("failed").GetInt32()));
        Assert.InRange(summary.GetProperty("oldestPendingSeconds").GetInt64(), 20 * 60 - 5, 60 * 60);
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private async Task<Guid> InsertAsync(string recipient, string status, string @event, int minutesAgo)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO "OutgoingEmails" ("Id", "Recipient", "Language", "Subject", "Body", "Event", "CreatedAt", "Status", "Attempts")
            VALUES ('{id}', '{recipient}', 'zh-CN', '主题', '正文 SECRET-LINK', '{@event}', now() - interval '{minutesAgo} minutes', '{status}', 0)
            """);
        return id;
    }
}
