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
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>What one request costs the database: connections opened and commands sent, counted by EF Core interceptors.</summary>
public sealed class RoundTripTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_submit_opens_one_connection_and_reads_its_workflow_once()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var etag = (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;
        var counter = new DatabaseCounter();
        await using var counted = Factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            services.AddHttpContextAccessor();
            services.AddSingleton(counter);
            services.ConfigureDbContext<PostgresAppDbContext>((sp, o) =>
                o.AddInterceptors(new CountingInterceptor(counter, sp.GetRequiredService<IHttpContextAccessor>())));
        }));
        var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = s.Applicant.DefaultRequestHeaders.Authorization;
        // Uncounted: this host compiles the definition once, as any running host already has.
        await Expect.StatusAsync(await client.GetAsync($"/api/applications/{s.ApplicationId}"), HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{s.ApplicationId}/transitions")
        {
            Content = JsonContent.Create(new { trigger = "submit" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        request.Headers.Add(CountingInterceptor.Header, "submit");
        var response = await client.SendAsync(request);

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(1, counter.ConnectionsOpened);
        Assert.Single(counter.Commands, c => c.Contains("FROM \"Workflows\"", StringComparison.Ordinal));
    }

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
