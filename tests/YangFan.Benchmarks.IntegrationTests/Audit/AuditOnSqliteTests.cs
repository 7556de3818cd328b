using Microsoft.Data.Sqlite;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Audit;

/// <summary>On the embedded default every transaction holds the single write lock, so events are sealed before commit.</summary>
public sealed class AuditOnSqliteTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"yangfan-sqlite-audit-{Guid.NewGuid():N}");
    private ApiFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new ApiFactory(ApiFactory.SqliteSettings(_data));
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task On_SQLite_every_event_is_chained_by_the_time_its_command_answers()
    {
        await Calls.RegisterAsync(_factory.CreateClient(), "sqlite-audit@example.cn");

        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM \"AuditEvents\" WHERE \"Sequence\" IS NULL"));
        Assert.Equal(await ScalarAsync("SELECT count(*) FROM \"AuditEvents\""), await ScalarAsync("SELECT max(\"Sequence\") FROM \"AuditEvents\""));
        var admin = await Calls.SignedInAsync(_factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var verify = await AuditApi.VerifyAsync(admin);
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "yangfan.db")}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
