using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Audit;

/// <summary>Writers append unsealed events without a global lock; the sealer chains them after commit (ADR 0019).</summary>
public sealed class AuditSealingTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Long enough for any pass on a loaded machine; reaching it means something is stuck, not slow.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string Unsealed = "SELECT count(*) FROM \"AuditEvents\" WHERE \"Sequence\" IS NULL";

    [Fact]
    public async Task Thirty_two_concurrent_registrations_leave_one_intact_chain_sealed_by_the_background_pass()
    {
        var admin = await AsAdminAsync();
        var before = await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\"");

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration($"crowd{i}@example.cn"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        // No read seals here: the pass nudged by the commits does it on its own.
        await UntilAsync(async () => await ScalarAsync<long>(Unsealed) == 0, "the background pass to seal every event");
        var total = await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\"");
        Assert.Equal(before + 64, total);
        Assert.Equal(total, await ScalarAsync<long>("SELECT max(\"Sequence\") FROM \"AuditEvents\""));
        var verify = await AuditApi.VerifyAsync(admin);
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.Equal(total, verify.GetProperty("checked").GetInt64());
    }

    [Fact]
    public async Task A_writer_whose_transaction_stays_open_after_appending_does_not_hold_up_another_writers_commit()
    {
        var admin = await AsAdminAsync();

        // A unit of work that has appended its event through the API's own audit trail and has not committed yet.
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var held = await db.Database.BeginTransactionAsync();
        try
        {
            audit.Record("test.held-open", "Test", "held");
            await audit.FlushAsync(CancellationToken.None);
            var pid = await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
            Assert.Equal(0, await ScalarAsync<long>($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = {pid}"));

            // Another writer commits while the first is still open (under a global lock it would wait for it).
            var registered = await Anonymous().PostAsJsonAsync("/api/auth/register", Calls.Registration("meanwhile@example.cn"))
                .WaitAsync(Patience);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            Assert.True((await AuditApi.VerifyAsync(admin)).GetProperty("valid").GetBoolean());

            await held.CommitAsync();
        }
        finally
        {
            await held.DisposeAsync();
        }

        // The held event was appended first but committed last: it is chained after the registration, in commit order.
        var verify = await AuditApi.VerifyAsync(admin);
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        var heldId = await ScalarAsync<long>("SELECT \"Id\" FROM \"AuditEvents\" WHERE \"Action\" = 'test.held-open'");
        var registeredId = await ScalarAsync<long>("SELECT \"Id\" FROM \"AuditEvents\" WHERE \"Action\" = 'user.registered'");
        Assert.True(heldId < registeredId);
        Assert.Equal(await ScalarAsync<long>("SELECT max(\"Sequence\") FROM \"AuditEvents\""),
            await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'test.held-open'"));
    }

    [Fact]
    public async Task Events_committed_by_a_process_that_died_before_sealing_them_are_sealed_when_the_chain_is_next_read()
    {
        var admin = await AsAdminAsync();
        await Calls.RegisterAsync(Anonymous(), "before-crash@example.cn");
        var sealedBefore = (await AuditApi.VerifyAsync(admin)).GetProperty("checked").GetInt64();

        await InsertUnsealedAsync("crash.first", "crash.second");

        var verify = await AuditApi.VerifyAsync(admin);
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.Equal(sealedBefore + 2, verify.GetProperty("checked").GetInt64());
        Assert.Equal(0, await ScalarAsync<long>(Unsealed));
        // In the order they were appended, at the end of the chain.
        Assert.Equal(sealedBefore + 1, await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'crash.first'"));
        Assert.Equal(sealedBefore + 2, await ScalarAsync<long>("SELECT \"Sequence\" FROM \"AuditEvents\" WHERE \"Action\" = 'crash.second'"));
    }

    [Fact]
    public async Task Events_committed_by_a_process_that_died_before_sealing_them_are_sealed_by_the_background_pass_unasked()
    {
        var admin = await AsAdminAsync();
        await AuditApi.VerifyAsync(admin);

        await InsertUnsealedAsync("crash.unread");

        await UntilAsync(async () => await ScalarAsync<long>(Unsealed) == 0, "the periodic pass to seal the orphaned event");
        Assert.True((await AuditApi.VerifyAsync(admin)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task The_audit_listing_shows_every_event_committed_before_it_with_its_place_in_the_chain()
    {
        var admin = await AsAdminAsync();

        await InsertUnsealedAsync("crash.listed");

        var page = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit?action=crash.listed");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(await ScalarAsync<long>("SELECT max(\"Sequence\") FROM \"AuditEvents\""), item.GetProperty("sequence").GetInt64());
        Assert.Equal(64, item.GetProperty("hash").GetString()!.Length);
    }

    /// <summary>Commits unsealed events straight into the table, as a process that died right after its commit leaves them.</summary>
    private Task InsertUnsealedAsync(params string[] actions) => ExecuteAsync(
        "INSERT INTO \"AuditEvents\" (\"OccurredAt\", \"Channel\", \"Action\", \"EntityType\", \"EntityId\", \"Summary\") VALUES "
        + string.Join(", ", actions.Select(a => $"(date_trunc('milliseconds', now()), 'system', '{a}', 'Test', '1', '{{}}')")));

    private static async Task UntilAsync(Func<Task<bool>> condition, string waitingFor)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            Assert.False(patience.IsCancellationRequested, $"Gave up waiting for {waitingFor}.");
            await Task.Delay(50);
        }
    }
}
