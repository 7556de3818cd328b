using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>What one request costs the database: connections opened and commands sent, counted by EF Core interceptors.</summary>
public sealed class RoundTripTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_submit_opens_one_connection_and_reads_no_workflow_its_process_resolved_before()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var etag = (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;
        var counter = new DatabaseCounter();
        await using var counted = Counted(counter);
        var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = s.Applicant.DefaultRequestHeaders.Authorization;
        // Uncounted: this host resolves the application's workflow and the call's lifecycle once, as any running host already has.
        await Expect.StatusAsync(await client.GetAsync($"/api/applications/{s.ApplicationId}"), HttpStatusCode.OK);
        await Expect.StatusAsync(await client.GetAsync($"/api/calls/{s.CallId}"), HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{s.ApplicationId}/transitions")
        {
            Content = JsonContent.Create(new { trigger = "submit" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        request.Headers.Add(CountingInterceptor.Header, "submit");
        var response = await client.SendAsync(request);

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(1, counter.ConnectionsOpened);
        Assert.DoesNotContain(counter.Commands, ReadsWorkflows);
    }

    [Fact]
    // Thirteen since issue 17: the submit's notify effect reads who the recommenders of the application are, to e-mail
    // them (the call's title and the organisation's name are already in hand).
    public async Task A_submit_sends_PostgreSQL_at_most_thirteen_statements_reset_transaction_and_sign_in_check_included()
    {
        var admin = await AsAdminAsync();
        // The shape of the load run's drafts: a call that requires an attachment, which the required-attachments guard reads.
        var email = $"applicant-{Guid.NewGuid():N}@example.cn";
        await Calls.RegisterAsync(Factory.CreateClient(), email);
        var applicant = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        var callId = await WorkflowBuilder.OpenCallAsync(admin, requiredAttachments: ["application-form"]);
        var applicationId = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, attachRequired: false);
        await Expect.StatusAsync(await Intake.AttachmentTests.UploadAsync(applicant, applicationId, Intake.AttachmentTests.Pdf, "申报书.pdf"),
            HttpStatusCode.Created);
        var etag = (await applicant.GetAsync($"/api/applications/{applicationId}")).Headers.ETag!.Tag;
        await using var recorder = StatementRecorder.Start(Fixture.ConnectionString);
        await using var host = Recorded(recorder);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = applicant.DefaultRequestHeaders.Authorization;
        // Uncounted: the host has resolved the workflows and the form and used its pooled connection once, as any running host has.
        await Expect.StatusAsync(await client.GetAsync($"/api/applications/{applicationId}"), HttpStatusCode.OK);
        await Expect.StatusAsync(await client.GetAsync($"/api/applications/{applicationId}/form"), HttpStatusCode.OK);
        await Expect.StatusAsync(await client.GetAsync($"/api/calls/{callId}"), HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{applicationId}/transitions")
        {
            Content = JsonContent.Create(new { trigger = "submit" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        HttpResponseMessage response;
        using (recorder.Record())
            response = await client.SendAsync(request);

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var statements = recorder.Statements.ToList();
        Assert.True(statements.Count <= 13, $"{statements.Count} statements:\n{string.Join("\n---\n", statements)}");
        Assert.Equal("Submitted", await ScalarAsync<string>($"SELECT \"State\" FROM \"Applications\" WHERE \"Id\" = '{applicationId}'"));
    }

    [Fact]
    public async Task A_seal_pass_chains_the_events_without_savepoints()
    {
        await using var recorder = StatementRecorder.Start(Fixture.ConnectionString);
        await using var host = Recorded(recorder);
        // The shared host's own sweep may seal the event first; then another one is appended and sealed.
        for (var attempt = 1; ; attempt++)
        {
            await ExecuteAsync("""
                INSERT INTO "AuditEvents" ("Action", "ActorRole", "Channel", "EntityId", "EntityType", "OccurredAt", "Summary")
                VALUES ('test.appended', 'System', 'system', 'x', 'Test', date_trunc('milliseconds', now()), '{}')
                """);
            await using var scope = host.Services.CreateAsyncScope();
            int sealedNow;
            using (recorder.Record())
                sealedNow = await Api.Auditing.AuditSealer.SealAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), CancellationToken.None);
            if (sealedNow == 0 && attempt < 5)
                continue;

            Assert.NotEqual(0, sealedNow);
            Assert.Contains(recorder.Statements, s => s.StartsWith("UPDATE \"AuditEvents\"", StringComparison.Ordinal));
            Assert.DoesNotContain(recorder.Statements, s => s.Contains("SAVEPOINT", StringComparison.Ordinal));
            return;
        }
    }

    [Fact]
    public async Task Reading_an_application_again_sends_no_statement_against_the_workflows()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var counter = new DatabaseCounter();
        await using var counted = Counted(counter);
        var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = s.Applicant.DefaultRequestHeaders.Authorization;
        await Expect.StatusAsync(await client.GetAsync($"/api/applications/{s.ApplicationId}"), HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{s.ApplicationId}");
        request.Headers.Add(CountingInterceptor.Header, "get");
        await Expect.StatusAsync(await client.SendAsync(request), HttpStatusCode.OK);

        Assert.NotEmpty(counter.Commands);
        Assert.DoesNotContain(counter.Commands, ReadsWorkflows);
    }

    [Fact]
    public async Task Ranking_a_call_sends_as_many_statements_for_forty_applications_as_for_ten()
    {
        var admin = await AsAdminAsync();
        var ten = await CallInReviewAsync(admin, 10);
        var forty = await CallInReviewAsync(admin, 40);
        var counter = new DatabaseCounter();
        await using var counted = Counted(counter);
        var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        await Expect.StatusAsync(await client.GetAsync($"/api/calls/{ten}/ranking"), HttpStatusCode.OK);

        async Task<List<string>> RankAsync(Guid call)
        {
            counter.Commands.Clear();
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/calls/{call}/ranking");
            request.Headers.Add(CountingInterceptor.Header, "ranking");
            var response = await client.SendAsync(request);
            await Expect.StatusAsync(response, HttpStatusCode.OK);
            var ranking = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement[]>();
            Assert.Equal(call == ten ? 10 : 40, ranking!.Sum(r => r.GetProperty("applications").GetArrayLength()));
            return [.. counter.Commands];
        }
        var forTen = await RankAsync(ten);
        var forForty = await RankAsync(forty);

        Assert.Equal(forTen.Count, forForty.Count);
        // Only the list of published versions the target-slot filter matches; no version is read again.
        Assert.Single(forForty, ReadsWorkflows);
    }

    [Fact]
    public async Task Automatic_assignment_sends_as_many_statements_for_forty_applications_as_for_ten_and_no_insert_per_assignment()
    {
        var admin = await AsAdminAsync();
        var ten = await CallInReviewAsync(admin, 10);
        var forty = await CallInReviewAsync(admin, 40);
        foreach (var province in new[] { "11", "31", "32", "33", "51" })
            await Reviews.ReviewScenario.ExpertAsync(Factory, admin, province: province, capacity: 30);
        var counter = new DatabaseCounter();
        await using var counted = Counted(counter);
        var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        // Uncounted: this host resolves the workflows once, as any running host already has.
        await Expect.StatusAsync(await client.PostAsJsonAsync($"/api/calls/{ten}/assignments/auto", new { dryRun = true }), HttpStatusCode.OK);

        async Task<List<string>> AssignAsync(Guid call)
        {
            counter.Commands.Clear();
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/calls/{call}/assignments/auto") { Content = JsonContent.Create(new { dryRun = false }) };
            request.Headers.Add(CountingInterceptor.Header, "auto-assign");
            await Expect.StatusAsync(await client.SendAsync(request), HttpStatusCode.OK);
            return [.. counter.Commands];
        }
        var forTen = await AssignAsync(ten);
        var forForty = await AssignAsync(forty);

        Assert.Equal(forTen.Count, forForty.Count);
        Assert.DoesNotContain(forForty, c => c.Contains("INSERT INTO \"Assignments\"", StringComparison.Ordinal));
        Assert.Equal(3 * 40, await ScalarAsync<long>($"SELECT count(*) FROM \"Assignments\" WHERE \"CallId\" = '{forty}' AND \"Status\" = 'Assigned'"));
    }

    /// <summary>A call whose one application in review is copied until the call has <paramref name="count"/>.</summary>
    private async Task<Guid> CallInReviewAsync(HttpClient admin, int count)
    {
        var s = await Reviews.ReviewScenario.InReviewAsync(Factory, admin);
        await WorkflowBuilder.InTransactionAsync(Factory, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlAsync($"""
                CREATE TEMP TABLE copies ON COMMIT DROP AS
                    SELECT a.* FROM "Applications" a CROSS JOIN generate_series(2, {count}) WHERE a."Id" = {s.ApplicationId};
                UPDATE copies SET "Id" = gen_random_uuid(), "SectorKey" = gen_random_uuid()::text;
                INSERT INTO "Applications" SELECT * FROM copies;
                """);
            return 0;
        });
        return s.CallId;
    }

    /// <summary>
    /// A host of its own whose connections go through <paramref name="recorder"/>, without the API's background
    /// services (the audit sealer, the progress fold, the timer dispatcher), so that only what a test does talks to
    /// the database through it.
    /// </summary>
    private WebApplicationFactory<Program> Recorded(StatementRecorder recorder) => recorder.Host(Factory);

    private static bool ReadsWorkflows(string command) => command.Contains("FROM \"Workflows\"", StringComparison.Ordinal);

    /// <summary>A host of its own (its own process-wide caches) whose marked requests are counted.</summary>
    private WebApplicationFactory<Program> Counted(DatabaseCounter counter) => Factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(counter);
        services.ConfigureDbContext<PostgresAppDbContext>((sp, o) =>
            o.AddInterceptors(new CountingInterceptor(counter, sp.GetRequiredService<IHttpContextAccessor>())));
    }));

    public sealed class DatabaseCounter
    {
        private int _connections;
        public int ConnectionsOpened => _connections;
        public ConcurrentQueue<string> Commands { get; } = new();
        public void Opened() => Interlocked.Increment(ref _connections);
    }

    /// <summary>Counts only what requests marked with <see cref="Header"/> send, not the background passes.</summary>
    private sealed class CountingInterceptor(DatabaseCounter counter, IHttpContextAccessor http) : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public const string Header = "X-Count-Database-Work";

        private bool Counted => http.HttpContext?.Request.Headers.ContainsKey(Header) == true;

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (Counted)
                counter.Commands.Enqueue(result.CommandText);
            return result;
        }

        public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            if (Counted)
                counter.Opened();
            return Task.CompletedTask;
        }

        public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (Counted)
                counter.Opened();
        }
    }
}
