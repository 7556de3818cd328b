using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Calls;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// The rankings' table on both providers: an order of application ids is stored and read back in the order saved
/// (uuid[] on PostgreSQL, a JSON array on SQLite), one ranking per authority and call, and taking the migration
/// back removes the table.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RecommendationRankingsMigrationTests(ApiFixture fixture)
{
    private const string Migration = "RecommendationRankings";

    [Fact]
    public async Task PostgreSQL_stores_a_ranking_in_its_order_and_the_migration_goes_back()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_rankings_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        // The row stands alone: its call's reference is off while it is written.
        await AssertRoundTripAsync(db, """ALTER TABLE "RecommendationRankings" DISABLE TRIGGER ALL""");
    }

    [Fact]
    public async Task SQLite_stores_a_ranking_in_its_order_and_the_migration_goes_back()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-rankings-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await db.Database.OpenConnectionAsync();
            await AssertRoundTripAsync(db, "PRAGMA foreign_keys = OFF");
            await db.Database.CloseConnectionAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertRoundTripAsync(AppDbContext db, string withoutChecks)
    {
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync(withoutChecks);

        var callId = Guid.NewGuid();
        Guid[] order = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        db.RecommendationRankings.Add(new RecommendationRanking
        {
            CallId = callId, Authority = "province:44", Order = [order[2], order[0], order[1]], UpdatedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var stored = await db.RecommendationRankings.AsNoTracking().SingleAsync(r => r.CallId == callId && r.Authority == "province:44");
        Assert.Equal([order[2], order[0], order[1]], stored.Order);
        Assert.Equal(1, stored.Version);

        db.RecommendationRankings.Add(new RecommendationRanking { CallId = callId, Authority = "province:44", UpdatedAt = DateTimeOffset.UnixEpoch });
        await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        await migrator.MigrateAsync(before);
        await Assert.ThrowsAnyAsync<Exception>(() => db.RecommendationRankings.AsNoTracking().CountAsync());
    }
}
