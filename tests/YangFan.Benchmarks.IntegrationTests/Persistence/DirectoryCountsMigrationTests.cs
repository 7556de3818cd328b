// The SQL below interpolates the test's own constants as literals, so that each provider stores them as its migrations would.
#pragma warning disable EF1002

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Directory versions published before their counts were stored get them from their entries when migrated; entries
/// revoked before the revocation time was stored get the publication time of the first version that showed them revoked.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DirectoryCountsMigrationTests(ApiFixture fixture)
{
    private const string Before = "Initial";

    // Foreign keys are off while the old version's rows go in: the test is about the counts, not the parents.
    private static readonly string[] OldRows =
    [
        """INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash") VALUES ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000c1', 'security-centre', 1, '名录', 'directory', '2023-09-01T00:00:00Z', 'hash')""",
        """INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash") VALUES ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-0000000000c1', 'security-centre', 2, '名录', 'directory', '2023-10-01T00:00:00Z', 'hash')""",
        """INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash") VALUES ('00000000-0000-0000-0000-0000000000d3', '00000000-0000-0000-0000-0000000000c1', 'security-centre', 3, '名录', 'directory', '2023-11-01T00:00:00Z', 'hash')""",
        .. Enumerable.Range(1, 3).Select(i => Entry("d1", i, revoked: false)),
        .. Enumerable.Range(1, 3).Select(i => Entry("d2", i, revoked: i == 2)),
        .. Enumerable.Range(1, 3).Select(i => Entry("d3", i, revoked: i is 2 or 3)),
    ];

    private static string Entry(string directory, int i, bool revoked) =>
        $"""INSERT INTO "DirectoryEntries" ("Id", "DirectoryId", "ApplicationId", "OrganisationName", "CreditCode", "Title", "ProvinceCode", "Batch", "Revoked") VALUES ('00000000-0000-0000-0000-{directory}00000000{i:D2}', '00000000-0000-0000-0000-0000000000{directory}', '00000000-0000-0000-0000-0000000000a{i}', '公司', '91440300MA5G000000', '项目', '44', '2023-1', {(revoked ? "TRUE" : "FALSE")})""";

    [Fact]
    public async Task PostgreSQL_fills_in_the_counts_of_earlier_versions()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_migration_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        // The owner may drop its own constraint; disabling triggers (session_replication_role) would need a superuser.
        await AssertBackfillAsync(db, "ALTER TABLE \"Directories\" DROP CONSTRAINT \"FK_Directories_Calls_CallId\"");
    }

    [Fact]
    public async Task SQLite_fills_in_the_counts_of_earlier_versions()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await AssertBackfillAsync(db, "PRAGMA foreign_keys = OFF");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertBackfillAsync(AppDbContext db, string foreignKeysOff)
    {
        var migrator = db.GetService<IMigrator>();
        var initial = db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal));
        await migrator.MigrateAsync(initial);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync(foreignKeysOff);
        foreach (var sql in OldRows)
            await db.Database.ExecuteSqlRawAsync(sql);
        await db.Database.CloseConnectionAsync();

        await migrator.MigrateAsync();

        var counts = await db.Directories.AsNoTracking().OrderBy(d => d.Number).Select(d => new { d.EntryCount, d.ActiveCount }).ToListAsync();
        Assert.Equal([new { EntryCount = 3, ActiveCount = 3 }, new { EntryCount = 3, ActiveCount = 2 }, new { EntryCount = 3, ActiveCount = 1 }], counts);
        // Entry 2 was revoked in version 2 (and stays so in 3), entry 3 in version 3; compared in SQL, as each provider stores time its own way.
        async Task<long> RevokedWhenAsync(string directory) => (await db.Database.SqlQueryRaw<long>($"""
            SELECT count(*) AS "Value" FROM "DirectoryEntries" AS e
            WHERE e."Revoked" AND e."RevokedAt" = (SELECT d."PublishedAt" FROM "Directories" AS d WHERE d."Id" = '00000000-0000-0000-0000-0000000000{directory}')
            """).ToListAsync()).Single();
        Assert.Equal(2, await RevokedWhenAsync("d2"));
        Assert.Equal(1, await RevokedWhenAsync("d3"));
        Assert.Equal(0, await db.DirectoryEntries.CountAsync(e => !e.Revoked && e.RevokedAt != null));
    }
}
