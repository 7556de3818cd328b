using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Progress;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Applications stored before the progress counts were maintained are counted by the migration that starts
/// maintaining them, and every change after it is counted by the database's triggers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProgressCountsMigrationTests(ApiFixture fixture)
{
    private const string Before = "AuditChainSealedAfterCommit";

    private static readonly string[] OldApplications =
    [
        Application(1, "Approved", "smart-ports"),
        Application(2, "Approved", "smart-ports"),
        Application(3, "Draft", "smart-ports"),
        Application(4, "Draft", null, "innovation-centre"),
    ];

    private static string Application(int i, string state, string? sector, string programme = "demonstration-benchmark") =>
        $$"""
        INSERT INTO "Applications" ("Id", "CallId", "OrganisationId", "ProgrammeKey", "WorkflowKey", "WorkflowVersion", "State", "StateEnteredAt",
            "ShownStateEnteredAt", "SectorCode", "SectorKey", "Title", "Content", "ReviewRound", "CreatedAt", "Version", "StagedVersions")
        VALUES ('00000000-0000-0000-0000-0000000000a{{i}}', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000b{{i}}',
            '{{programme}}', '{{programme}}', 1, '{{state}}', '2023-09-01T00:00:00Z', '2023-09-01T00:00:00Z',
            {{(sector is null ? "NULL" : $"'{sector}'")}}, '{{sector}}', '项目', '[]', 0, '2023-09-01T00:00:00Z', 1, 0)
        """;

    [Fact]
    public async Task PostgreSQL_counts_the_applications_already_stored_and_then_every_change()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_migration_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        // The owner may drop its own constraints; disabling triggers (session_replication_role) would need a superuser.
        await AssertCountedAsync(db, string.Join(";", new[] { "Calls_CallId", "Organisations_OrganisationId", "Sectors_SectorCode", "Workflows_WorkflowKey_WorkflowVersion" }
            .Select(fk => $"ALTER TABLE \"Applications\" DROP CONSTRAINT \"FK_Applications_{fk}\"")));
    }

    [Fact]
    public async Task SQLite_counts_the_applications_already_stored_and_then_every_change()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await AssertCountedAsync(db, "PRAGMA foreign_keys = OFF");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertCountedAsync(AppDbContext db, string foreignKeysOff)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal)));
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync(foreignKeysOff);
        foreach (var sql in OldApplications)
            await db.Database.ExecuteSqlRawAsync(sql);

        await migrator.MigrateAsync();
        // A migration that rebuilds a SQLite table (FormsAsData drops a column of Calls) turns foreign keys back on.
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync(foreignKeysOff);

        var counted = await ProgressCounts.ReadAsync(db, CancellationToken.None);
        Assert.Equal(
            [
                new ProgressCounts.Bucket("demonstration-benchmark", "smart-ports", "demonstration-benchmark", 1, "Approved", 2),
                new ProgressCounts.Bucket("demonstration-benchmark", "smart-ports", "demonstration-benchmark", 1, "Draft", 1),
                new ProgressCounts.Bucket("innovation-centre", null, "innovation-centre", 1, "Draft", 1),
            ],
            counted.OrderBy(b => b.ProgrammeKey).ThenBy(b => b.State));
        Assert.Equal(0, await db.ProgressCountDeltas.CountAsync());

        // From now on the database counts every change, however it is made, and a fold keeps the totals.
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Applications\" SET \"State\" = 'Submitted' WHERE \"State\" = 'Draft'");
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Applications\" SET \"Title\" = '改名' WHERE \"State\" = 'Approved'");
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"Applications\" WHERE \"Id\" = '00000000-0000-0000-0000-0000000000a1'");
        await db.Database.ExecuteSqlRawAsync(Application(5, "Draft", "smart-ports"));
        Assert.Equal(6, await db.ProgressCountDeltas.CountAsync());
        await ProgressCounts.FoldAsync(db, CancellationToken.None);
        Assert.Equal(0, await db.ProgressCountDeltas.CountAsync());
        Assert.Equal(await ProgressCounts.RecountAsync(db, CancellationToken.None), await ProgressCounts.ReadAsync(db, CancellationToken.None),
            new BucketsInAnyOrder());
        await db.Database.CloseConnectionAsync();
    }

    private sealed class BucketsInAnyOrder : IEqualityComparer<IReadOnlyList<ProgressCounts.Bucket>>
    {
        public bool Equals(IReadOnlyList<ProgressCounts.Bucket>? x, IReadOnlyList<ProgressCounts.Bucket>? y) =>
            x is not null && y is not null && x.Count == y.Count && x.ToHashSet().SetEquals(y);

        public int GetHashCode(IReadOnlyList<ProgressCounts.Bucket> obj) => obj.Count;
    }
}
