using Microsoft.Data.Sqlite;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Audit;

/// <summary>On the embedded default every transaction holds the single write lock, so events are sealed before commit.</summary>
public sealed class AuditOnSqliteTests : SqliteApiTest
{
    [Fact]
    public async Task On_SQLite_every_event_is_chained_by_the_time_its_command_answers()
    {
        await Calls.RegisterAsync(Factory.CreateClient(), "sqlite-audit@example.cn");

        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM \"AuditEvents\" WHERE \"Sequence\" IS NULL"));
        Assert.Equal(await ScalarAsync("SELECT count(*) FROM \"AuditEvents\""), await ScalarAsync("SELECT max(\"Sequence\") FROM \"AuditEvents\""));
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var verify = await AuditApi.VerifyAsync(admin);
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataFolder, "yangfan.db")}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
