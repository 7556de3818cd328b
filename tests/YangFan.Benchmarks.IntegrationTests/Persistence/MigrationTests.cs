using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

public sealed class MigrationTests
{
    [Fact]
    public void The_SQLite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQLite migration: dotnet ef migrations add <Name> --context SqliteAppDbContext ...");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_PostgreSQL_migrations_match_the_model()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Add a PostgreSQL migration: dotnet ef migrations add <Name> --context PostgresAppDbContext ...");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public async Task A_new_SQLite_database_is_migrated_without_SQL_run_while_a_table_rebuild_is_pending()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migrate-{Guid.NewGuid():N}.db");
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        try
        {
            await using (var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
                             .UseSqlite($"Data Source={file};Pooling=False").UseLoggerFactory(loggers).Options))
                await db.Database.MigrateAsync();

            Assert.Contains(logs.Entries, e => e.Message.Contains("Applying migration", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("while a rebuild of table", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
