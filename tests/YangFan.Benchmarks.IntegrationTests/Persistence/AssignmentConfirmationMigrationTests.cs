// The SQL below interpolates the test's own constants as literals, so that each provider stores them as its migrations would.
#pragma warning disable EF1002

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Assignments made before experts confirmed having no conflict of interest count as confirmed when they were made, so
/// experts already reading or reviewing them are not locked out by the migration.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AssignmentConfirmationMigrationTests(ApiFixture fixture)
{
    private const string Migration = "AssignmentConfirmationAndDrafts";
    private static readonly string[] Assignments = ["00000000-0000-0000-0000-0000000000B1", "00000000-0000-0000-0000-0000000000B2"];

    [Fact]
    public async Task PostgreSQL_counts_earlier_assignments_as_confirmed_when_made()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_migration_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        // The rows stand alone: the references and the review aggregates' triggers are off while they are written.
        await AssertBackfillAsync(db, stored: id => id.ToLowerInvariant(), at: day => $"'2025-01-{day:D2}T00:00:00Z'",
            withoutChecks: """ALTER TABLE "Assignments" DISABLE TRIGGER ALL""", withChecks: """ALTER TABLE "Assignments" ENABLE TRIGGER ALL""");
    }

    [Fact]
    public async Task SQLite_counts_earlier_assignments_as_confirmed_when_made()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await db.Database.OpenConnectionAsync();
            // SQLite keeps times as UTC ticks and Guids as upper-case text.
            await AssertBackfillAsync(db, stored: id => id, at: day => new DateTimeOffset(2025, 1, day, 0, 0, 0, TimeSpan.Zero).UtcTicks.ToString(),
                withoutChecks: "PRAGMA foreign_keys = OFF", withChecks: "PRAGMA foreign_keys = ON");
            await db.Database.CloseConnectionAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertBackfillAsync(AppDbContext db, Func<string, string> stored, Func<int, string> at, string withoutChecks,
        string withChecks)
    {
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before);
        await db.Database.ExecuteSqlRawAsync(withoutChecks);
        foreach (var (id, status, day) in new[] { (Assignments[0], "Assigned", 2), (Assignments[1], "Submitted", 3) })
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "Assignments" ("Id", "ApplicationId", "CallId", "Round", "ExpertId", "Status", "CreatedAt", "DueAt", "Late", "Version")
                VALUES ('{stored(id)}', '{stored(Guid.NewGuid().ToString().ToUpperInvariant())}', '{stored(Guid.NewGuid().ToString().ToUpperInvariant())}',
                    1, '{stored(Guid.NewGuid().ToString().ToUpperInvariant())}', '{status}', {at(day)}, {at(20)}, FALSE, 1)
                """);
        await db.Database.ExecuteSqlRawAsync(withChecks);

        await migrator.MigrateAsync();

        var migrated = await db.Assignments.AsNoTracking().OrderBy(a => a.CreatedAt).ToListAsync();
        Assert.Equal(2, migrated.Count);
        Assert.All(migrated, a => Assert.Equal(a.CreatedAt, a.ConfirmedAt));
        Assert.All(migrated, a => Assert.Null(a.DraftSavedAt));
        Assert.All(migrated, a => Assert.Equal(1, a.Version));
    }
}
