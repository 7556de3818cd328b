using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Progress;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

/// <summary>
/// The progress counts are kept by the database with every move of an application (ADR 0021): after each kind of
/// move, and after concurrent ones, they equal a count over the applications (<c>GET /api/progress/verify</c>).
/// </summary>
public sealed class ProgressCountTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Benchmark = "demonstration-benchmark";

    /// <summary>Asserts that the maintained counts equal a recount, and returns the number of buckets.</summary>
    private static async Task<int> AssertExactAsync(HttpClient admin, string step)
    {
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/progress/verify");
        Assert.True(verify.GetProperty("consistent").GetBoolean(), $"After {step}: {verify}");
        return verify.GetProperty("buckets").GetInt32();
    }

    private async Task<JsonElement> SectorAsync(string sector) =>
        (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!
            .Single(p => p.GetProperty("key").GetString() == Benchmark).GetProperty("sectors").EnumerateArray()
            .Single(s => s.GetProperty("sectorCode").GetString() == sector).GetProperty("progress");

    private static int InPipeline(JsonElement progress, string state) =>
        progress.GetProperty("pipeline").TryGetProperty(state, out var count) ? count.GetInt32() : 0;

    private Task FoldAsync() => WithDbAsync(db => ProgressCounts.FoldAsync(db, CancellationToken.None));

    private async Task WithDbAsync(Func<AppDbContext, Task> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Every_kind_of_move_keeps_the_maintained_counts_equal_to_a_recount()
    {
        var admin = await AsAdminAsync();
        Assert.Equal(0, await AssertExactAsync(admin, "the reset"));

        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await AssertExactAsync(admin, "creating");
        Assert.Equal(1, InPipeline(await SectorAsync("industrial-internet"), "Draft"));

        // The applicant moves the draft to another sector: it leaves one bucket and enters another.
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{s.ApplicationId}")
        {
            Content = JsonContent.Create(new { sectorCode = "smart-ports", content = TestContent.CompleteFor(Benchmark) }),
        };
        edit.Headers.IfMatch.Add((await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!);
        await Expect.StatusAsync(await s.Applicant.SendAsync(edit), HttpStatusCode.OK);
        await AssertExactAsync(admin, "changing the sector");
        Assert.Equal(0, InPipeline(await SectorAsync("industrial-internet"), "Draft"));
        Assert.Equal(1, InPipeline(await SectorAsync("smart-ports"), "Draft"));

        foreach (var (client, trigger) in new[] { (s.Applicant, "submit"), (s.Recommender, "recommend"), (admin, "accept") })
        {
            await s.MoveAsync(client, trigger);
            await AssertExactAsync(admin, trigger);
        }
        await FoldAsync();
        await AssertExactAsync(admin, "a fold");

        // The quorum moves it on by itself (an automatic transition), then a decision is staged, taken back and staged again.
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, await WorkflowBuilder.CreateExpertsAsync(admin, 3));
        await AssertExactAsync(admin, "the automatic move to deliberation");
        foreach (var trigger in new[] { "shortlist", "reconsider", "shortlist" })
        {
            await s.MoveAsync(admin, trigger);
            await AssertExactAsync(admin, trigger);
        }
        // Staged: counted where the public sees it.
        Assert.Equal(1, InPipeline(await SectorAsync("smart-ports"), "Deliberation"));

        Assert.Equal("PublicNotice", await s.ReleaseAsync());
        await AssertExactAsync(admin, "the release");
        Assert.Equal(1, (await SectorAsync("smart-ports")).GetProperty("inNotice").GetInt32());

        // The notice-ends timer, fired by another process a week later.
        await using (var later = ApiFactory.Later(Fixture.ConnectionString, 7.01))
            Assert.Equal(1, await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));
        await AssertExactAsync(admin, "the notice timer");

        var published = await admin.PostAsync($"/api/calls/{s.CallId}/directory", null);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        await AssertExactAsync(admin, "publishing the directory");
        var entry = await ScalarAsync<string>($"SELECT \"Id\"::text FROM \"DirectoryEntries\" WHERE \"ApplicationId\" = '{s.ApplicationId}'");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/directory-entries/{entry}/revoke", new { reason = "企业已注销，撤销其示范标杆称号。" }), HttpStatusCode.OK);
        await AssertExactAsync(admin, "revoking the entry");
        Assert.Equal(1, InPipeline(await SectorAsync("smart-ports"), "Revoked"));

        var other = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var second = await WorkflowBuilder.CreateApplicationAsync(other, s.CallId);
        await Expect.StatusAsync(await Transitions.FireAsync(other, second, "withdraw"), HttpStatusCode.OK);
        await AssertExactAsync(admin, "a withdrawal");

        // Migrating the instances to version 2 moves every one of them to other buckets.
        var v2 = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", $"{Benchmark}.json")))!.AsObject();
        v2["version"] = WorkflowVersions.BenchmarkNext;
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/workflows/{Benchmark}/versions", v2), HttpStatusCode.Created);
        await Expect.StatusAsync(await admin.PostAsync($"/api/workflows/{Benchmark}/versions/{WorkflowVersions.BenchmarkNext}/publish", null), HttpStatusCode.OK);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/workflows/{Benchmark}/migrations",
            new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, dryRun = false }), HttpStatusCode.OK);
        await AssertExactAsync(admin, "migrating the instances");
        Assert.Equal(2, await ScalarAsync<long>($"SELECT coalesce(sum(n), 0) FROM (SELECT \"Count\" AS n FROM \"ProgressCounts\" WHERE \"WorkflowVersion\" = {WorkflowVersions.BenchmarkNext} UNION ALL SELECT \"Delta\" FROM \"ProgressCountDeltas\" WHERE \"WorkflowVersion\" = {WorkflowVersions.BenchmarkNext}) x"));

        // Statements that insert or delete several applications at once, round the API (a maintenance script).
        await ExecuteAsync($"""
            INSERT INTO "Applications" ("Id", "CallId", "OrganisationId", "ProgrammeKey", "WorkflowKey", "WorkflowVersion", "State", "StateEnteredAt",
                "ShownStateEnteredAt", "SectorCode", "SectorKey", "Title", "Content", "ReviewRound", "CreatedAt", "Version", "StagedVersions")
            SELECT gen_random_uuid(), "CallId", "OrganisationId", "ProgrammeKey", "WorkflowKey", "WorkflowVersion", "State", "StateEnteredAt",
                "ShownStateEnteredAt", "SectorCode", 'copy-' || n, "Title", "Content", "ReviewRound", "CreatedAt", 1, 0
            FROM "Applications", generate_series(1, 3) AS n WHERE "Id" = '{second}'
            """);
        await AssertExactAsync(admin, "inserting three applications in one statement");
        Assert.Equal(4, InPipeline(await SectorAsync("industrial-internet"), "Withdrawn"));
        await ExecuteAsync("DELETE FROM \"Applications\" WHERE \"SectorKey\" LIKE 'copy-%'");
        await AssertExactAsync(admin, "deleting them in one statement");
        Assert.Equal(1, InPipeline(await SectorAsync("industrial-internet"), "Withdrawn"));

        await FoldAsync();
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM \"ProgressCountDeltas\""));
        await AssertExactAsync(admin, "the last fold");
    }

    [Fact]
    public async Task Concurrent_moves_from_several_clients_and_concurrent_folds_leave_the_counts_equal_to_a_recount()
    {
        const int clients = 8;
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var applications = new List<(HttpClient Applicant, Guid Id)> { (s.Applicant, s.ApplicationId) };
        for (var i = 1; i < clients; i++)
        {
            var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
            applications.Add((applicant, await WorkflowBuilder.CreateApplicationAsync(applicant, s.CallId, sector: i % 2 == 0 ? "industrial-internet" : "smart-ports")));
        }
        var admins = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => AsAdminAsync()));

        using var stop = new CancellationTokenSource();
        var folding = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                await FoldAsync();
        });
        var reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                await Expect.StatusAsync(await Anonymous().GetAsync("/api/progress"), HttpStatusCode.OK);
        });

        async Task AllAsync(Func<int, Task<HttpResponseMessage>> fire) =>
            Assert.All(await Task.WhenAll(Enumerable.Range(0, clients).Select(fire)), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await AllAsync(i => Transitions.FireAsync(applications[i].Applicant, applications[i].Id, "submit"));
        await AllAsync(i => Transitions.FireAsync(s.Recommender, applications[i].Id, "recommend"));
        await AllAsync(i => Transitions.FireAsync(admins[i], applications[i].Id, "accept"));

        // Two administrators race to return each application with the same ETag: one wins, the other is refused
        // (409 when it read the row before the winner committed, 412 after).
        var races = await Task.WhenAll(applications.Select(async a =>
        {
            var etag = (await admin.GetAsync($"/api/applications/{a.Id}")).Headers.ETag!.Tag;
            return await Task.WhenAll(admins.Take(2).Select(x => Transitions.FireAsync(x, a.Id, "return", "补充材料", ifMatch: etag)));
        }));
        Assert.All(races, pair =>
        {
            Assert.Single(pair, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(pair, r => r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed);
        });

        await stop.CancelAsync();
        await Task.WhenAll(folding, reading);

        await AssertExactAsync(admin, "concurrent moves");
        var progress = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!.Single(p => p.GetProperty("key").GetString() == Benchmark);
        Assert.Equal(clients, InPipeline(progress.GetProperty("total"), "Draft"));
        Assert.Equal(clients, progress.GetProperty("total").GetProperty("pipeline").EnumerateObject().Sum(x => x.Value.GetInt32()));
    }

    [Fact]
    public async Task A_transition_rolled_back_at_commit_changes_no_count()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var before = await SectorAsync("industrial-internet");
        // A deferred check that fails when the transaction commits, after the transition and its counts were written.
        await ExecuteAsync($"""
            CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
            CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER UPDATE ON "Applications" DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW."Id" = '{s.ApplicationId}') EXECUTE FUNCTION refuse_at_commit();
            """);
        try
        {
            var submit = await s.FireAsync(s.Applicant, "submit");
            Assert.Equal(HttpStatusCode.InternalServerError, submit.StatusCode);
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_at_commit ON \"Applications\"; DROP FUNCTION refuse_at_commit();");
        }

        Assert.Equal("Draft", await s.StateAsync());
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM \"ProgressCountDeltas\" WHERE \"State\" = 'Submitted'"));
        Assert.Equal(before.GetProperty("pipeline").ToString(), (await SectorAsync("industrial-internet")).GetProperty("pipeline").ToString());
        await AssertExactAsync(admin, "the rolled-back submission");
    }

    [Fact]
    public async Task Progress_is_read_from_the_maintained_counts_and_verify_finds_a_count_that_drifted()
    {
        var admin = await AsAdminAsync();
        await WorkflowScenario.CreateAsync(Factory, admin);
        // A move recorded without any application behind it: progress shows it (it never counts the applications),
        // and verify names the bucket.
        await ExecuteAsync($"""
            INSERT INTO "ProgressCountDeltas" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
            VALUES ('demonstration-benchmark', 'industrial-internet', 'demonstration-benchmark', {WorkflowVersions.Benchmark}, 'Approved', 2)
            """);

        Assert.Equal(2, (await SectorAsync("industrial-internet")).GetProperty("selected").GetInt32());
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/progress/verify");
        Assert.False(verify.GetProperty("consistent").GetBoolean());
        var difference = Assert.Single(verify.GetProperty("differences").EnumerateArray().ToArray());
        Assert.Equal("Approved", difference.GetProperty("state").GetString());
        Assert.Equal(2, difference.GetProperty("maintained").GetInt64());
        Assert.Equal(0, difference.GetProperty("recounted").GetInt64());

        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/progress/verify"), 403, "forbidden");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/progress/verify"), 401, "unauthenticated");
    }
}
