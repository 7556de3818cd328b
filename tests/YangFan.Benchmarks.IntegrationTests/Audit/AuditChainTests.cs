using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.Domain.Auditing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Audit;

public sealed class AuditChainTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Every_change_appends_an_event_and_the_chain_verifies()
    {
        var admin = await AsAdminAsync();
        var registered = await Calls.RegisterAsync(Anonymous(), "audited@example.cn");

        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?entityType=User&entityId={registered.GetProperty("userId").GetGuid()}");
        var actions = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("user.registered", actions);
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean());
        Assert.True(verify.GetProperty("checked").GetInt64() >= 4);
        Assert.Equal(JsonValueKind.Null, verify.GetProperty("firstBrokenSequence").ValueKind);
    }

    [Fact]
    public async Task Editing_one_audit_row_in_the_database_makes_verify_report_that_sequence()
    {
        var admin = await AsAdminAsync();
        for (var i = 0; i < 3; i++)
            await Calls.RegisterAsync(Anonymous(), $"chain{i}@example.cn");
        await AuditApi.VerifyAsync(admin);
        var target = await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'user.registered' ORDER BY \"Sequence\" LIMIT 1");

        await ExecuteAsync($"UPDATE \"AuditEvents\" SET \"Summary\" = '{{\"email\":\"someone-else@example.cn\"}}' WHERE \"Sequence\" = {target}");

        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(target, verify.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task Deleting_an_audit_row_is_detected_at_the_missing_sequence()
    {
        var admin = await AsAdminAsync();
        await Calls.RegisterAsync(Anonymous(), "deleted@example.cn");
        await Calls.RegisterAsync(Anonymous(), "after@example.cn");
        await AuditApi.VerifyAsync(admin);
        var target = await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'user.registered' ORDER BY \"Sequence\" LIMIT 1");

        await ExecuteAsync($"DELETE FROM \"AuditEvents\" WHERE \"Sequence\" = {target}");

        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(target, verify.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task Inserting_a_forged_row_into_the_chain_is_detected_where_it_was_inserted()
    {
        var admin = await AsAdminAsync();
        for (var i = 0; i < 3; i++)
            await Calls.RegisterAsync(Anonymous(), $"forged{i}@example.cn");
        await AuditApi.VerifyAsync(admin);
        var target = await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'user.registered' ORDER BY \"Sequence\" LIMIT 1 OFFSET 1");

        // Sequences are gapless and unique, so a row can only go in between by moving every later row up by one.
        // The forger hashes its row correctly; it cannot link it to the real predecessor, whose hash the real
        // successor already names (PreviousHash is unique).
        await ExecuteAsync($"UPDATE \"AuditEvents\" SET \"Sequence\" = -\"Sequence\" WHERE \"Sequence\" >= {target}");
        await ExecuteAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = 1 - \"Sequence\" WHERE \"Sequence\" < 0");
        var forged = new AuditEvent
        {
            OccurredAt = AuditEvent.Truncate(DateTimeOffset.UtcNow), Channel = AuditChannels.Api, Action = "user.registered",
            EntityType = "User", EntityId = Guid.NewGuid().ToString(), Summary = "{\"email\":\"forged@example.cn\"}",
        };
        var previousHash = new string('f', 64);
        await ExecuteAsync($"""
            INSERT INTO "AuditEvents" ("Sequence", "OccurredAt", "Channel", "Action", "EntityType", "EntityId", "Summary", "PreviousHash", "Hash")
            VALUES ({target}, '{forged.OccurredAt:O}', '{forged.Channel}', '{forged.Action}', '{forged.EntityType}', '{forged.EntityId}',
                    '{forged.Summary}', '{previousHash}', '{forged.HashAt(target, previousHash)}')
            """);

        var verify = await AuditApi.VerifyAsync(admin);
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(target, verify.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task Swapping_two_audit_rows_is_detected_at_the_earlier_position()
    {
        var admin = await AsAdminAsync();
        for (var i = 0; i < 3; i++)
            await Calls.RegisterAsync(Anonymous(), $"swapped{i}@example.cn");
        await AuditApi.VerifyAsync(admin);
        var first = await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'user.registered' ORDER BY \"Sequence\" LIMIT 1");
        var last = await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'user.registered' ORDER BY \"Sequence\" DESC LIMIT 1");

        await ExecuteAsync($"UPDATE \"AuditEvents\" SET \"Sequence\" = -1 WHERE \"Sequence\" = {first}");
        await ExecuteAsync($"UPDATE \"AuditEvents\" SET \"Sequence\" = {first} WHERE \"Sequence\" = {last}");
        await ExecuteAsync($"UPDATE \"AuditEvents\" SET \"Sequence\" = {last} WHERE \"Sequence\" = -1");

        var verify = await AuditApi.VerifyAsync(admin);
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(first, verify.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task Concurrent_commands_still_produce_one_unbroken_chain()
    {
        var admin = await AsAdminAsync();
        var before = await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\"");

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration($"parallel{i}@example.cn"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await AuditApi.VerifyAsync(admin);
        Assert.Equal(before + 48, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\""));
        Assert.Equal(await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\""), await ScalarAsync<long>("SELECT max(\"Sequence\") FROM \"AuditEvents\""));
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task Audit_events_are_paged_newest_first_with_a_cursor()
    {
        var admin = await AsAdminAsync();
        for (var i = 0; i < 3; i++)
            await Calls.RegisterAsync(Anonymous(), $"paged{i}@example.cn");

        var first = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=user.registered&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=user.registered&limit=2&cursor={cursor}");

        var sequences = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(3, sequences.Count);
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await Expect.ProblemAsync(await admin.GetAsync("/api/audit?cursor=abc"), 400, "validation");
    }

    [Fact]
    public async Task A_refused_command_leaves_no_audit_event()
    {
        var code = TestData.NewCreditCode();
        await Calls.RegisterAsync(Anonymous(), "one@example.cn", code);
        var before = await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\"");

        await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("two@example.cn", code));

        Assert.Equal(before, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\""));
    }
}
