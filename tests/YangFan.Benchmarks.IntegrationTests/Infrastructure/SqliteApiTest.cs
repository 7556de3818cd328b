using Microsoft.Data.Sqlite;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// A test class whose every test gets the API on the embedded default: a fresh SQLite database in a folder of its
/// own, created, migrated and seeded at start, and deleted afterwards.
/// </summary>
public abstract class SqliteApiTest : IAsyncLifetime
{
    protected string DataFolder { get; } = Path.Combine(Path.GetTempPath(), $"yangfan-sqlite-{Guid.NewGuid():N}");
    protected ApiFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new ApiFactory(ApiFactory.SqliteSettings(DataFolder));
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
    }
}
