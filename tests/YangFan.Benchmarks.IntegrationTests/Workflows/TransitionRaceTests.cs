using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Workflows;

/// <summary>
/// Transitions racing each other and the timer dispatcher. A raw connection holds a row lock as a barrier, so each
/// interleaving is reproduced exactly: the test waits until the racers queue on PostgreSQL's locks, then lets go.
/// </summary>
public sealed class TransitionRaceTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_transition_racing_the_timer_dispatcher_on_one_application_is_not_a_deadlock()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit"); // its recommendation-lapsed timer falls due 60 days from now
        var etag = (await s.Recommender.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;
        await using var later = ApiFactory.Later(Fixture.ConnectionString, 61);
        var dispatcher = later.Services.GetRequiredService<TimerDispatcher>();

        await using var barrier = await LockApplicationAsync(s.ApplicationId);
        var transition = s.FireAsync(s.Recommender, "recommend", ifMatch: etag);
        await LockWaitersAsync(1);
        var pass = dispatcher.DispatchDueAsync(CancellationToken.None);
        await LockWaitersAsync(2);
        await barrier.CommitAsync();

        await Expect.StatusAsync(await transition, HttpStatusCode.OK);
        await pass; // the call's own close timer may fire too
        Assert.Equal("FormalCheck", await s.StateAsync());
        var timer = $"FROM \"WorkflowTimers\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'recommendation-lapsed'";
        Assert.Equal("Cancelled", await ScalarAsync<string>($"SELECT \"Status\" {timer}"));
        Assert.Equal(0, await ScalarAsync<int>($"SELECT \"Attempts\" {timer}"));
        Assert.Null(await ScalarAsync<string>($"SELECT \"Outcome\" {timer}"));
    }

    [Fact]
    public async Task Concurrent_transitions_on_one_application_let_one_win_and_refuse_the_rest_as_concurrency_conflicts()
    {
        var logs = new LogCapture();
        await using var logged = Factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var admin = await Calls.SignedInAsync(logged, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var s = await WorkflowScenario.CreateAsync(logged, admin);
        var etag = (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;
        const int racers = 6;

        HttpResponseMessage[] responses;
        await using (var barrier = await LockApplicationAsync(s.ApplicationId))
        {
            var all = Task.WhenAll(Enumerable.Range(0, racers).Select(_ => s.FireAsync(s.Applicant, "submit", ifMatch: etag)));
            await LockWaitersAsync(racers);
            await barrier.CommitAsync();
            responses = await all;
        }

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await Expect.ProblemAsync(loser, 409, "concurrency-conflict");
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'submit'"));
        Assert.Empty(logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task A_deadlock_that_still_reaches_a_transition_answers_409_concurrency_conflict()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        var etag = (await s.Recommender.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;
        var before = await CountRowsAsync();

        // A writer that ignores the lock order: it holds the timer, then wants the application the transition holds.
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var rogue = await connection.BeginTransactionAsync();
        await Run(connection, $"SELECT 1 FROM \"WorkflowTimers\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Status\" = 'Pending' FOR UPDATE");
        var transition = s.FireAsync(s.Recommender, "recommend", ifMatch: etag);
        await LockWaitersAsync(1);
        // PostgreSQL breaks the cycle by failing the transaction that waited first: the transition's.
        await Run(connection, $"UPDATE \"Applications\" SET \"Title\" = \"Title\" WHERE \"Id\" = '{s.ApplicationId}'");
        await rogue.RollbackAsync();

        await Expect.ProblemAsync(await transition, 409, "concurrency-conflict");
        Assert.Equal("Submitted", await s.StateAsync());
        Assert.Equal(before, await CountRowsAsync());
    }

    /// <summary>A raw connection's transaction that holds the application's row lock until it commits.</summary>
    private async Task<RowLock> LockApplicationAsync(Guid applicationId)
    {
        var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await Run(connection, $"SELECT 1 FROM \"Applications\" WHERE \"Id\" = '{applicationId}' FOR UPDATE");
        return new RowLock(connection, transaction);
    }

    private sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static async Task Run(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until <paramref name="count"/> sessions of the test database are queued on a lock.</summary>
    private async Task LockWaitersAsync(int count)
    {
        const string waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long seen;
        while ((seen = await ScalarAsync<long>(waiting)) < count)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Expected {count} sessions waiting on a lock; {seen} were.");
            await Task.Delay(20);
        }
    }
}
