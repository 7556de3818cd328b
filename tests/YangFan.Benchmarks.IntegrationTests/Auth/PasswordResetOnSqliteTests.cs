using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

/// <summary>The reset on the embedded default (SQLite), with the API's clock moved instead of the rows changed.</summary>
public sealed class PasswordResetOnSqliteTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"yangfan-sqlite-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ApiFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new ApiFactory(ApiFactory.SqliteSettings(_dataFolder), time: _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task A_link_works_within_its_hour_by_the_APIs_clock_and_not_after_it()
    {
        var client = _factory.CreateClient();
        await Calls.RegisterAsync(client, "clock@example.cn");

        await Expect.StatusAsync(await client.PostAsJsonAsync("/api/auth/password-reset", new { email = "clock@example.cn" }), HttpStatusCode.Accepted);
        var late = await LatestTokenAsync();
        _time.Advance(TimeSpan.FromMinutes(61));
        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/password-reset/complete", new { token = late, password = "Clock-Passw0rd-New" }),
            400, "password-reset-invalid");

        await Expect.StatusAsync(await client.PostAsJsonAsync("/api/auth/password-reset", new { email = "clock@example.cn" }), HttpStatusCode.Accepted);
        var token = await LatestTokenAsync();
        _time.Advance(TimeSpan.FromMinutes(59));
        await Expect.StatusAsync(await client.PostAsJsonAsync("/api/auth/password-reset/complete", new { token, password = "Clock-Passw0rd-New" }),
            HttpStatusCode.NoContent);
        await Calls.TokenAsync(client, "clock@example.cn", "Clock-Passw0rd-New");
    }

    private async Task<string> LatestTokenAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var bodies = await db.OutgoingEmails.Select(e => new { e.Body, e.CreatedAt }).ToListAsync();
        var body = bodies.OrderBy(e => e.CreatedAt).Last().Body;
        return body[(body.IndexOf("/reset-password/", StringComparison.Ordinal) + "/reset-password/".Length)..].Split('\n', '\r')[0].Trim();
    }
}
