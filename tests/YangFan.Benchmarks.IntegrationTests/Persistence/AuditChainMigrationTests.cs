// The SQL below interpolates the test's own constants as literals, so that each provider stores them as its migrations would.
#pragma warning disable EF1002

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Auditing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>A chain written under ADR 0004 stays intact through AuditChainSealedAfterCommit, and new events continue it.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditChainMigrationTests(ApiFixture fixture)
{
    private const string Before = "SubmissionSnapshotAndOrganisationRenames";
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PostgreSQL_keeps_the_chain_and_gives_old_events_their_sequence_as_id()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_migration_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        await AssertChainContinuesAsync(db, $"'{At:O}'");
    }

    [Fact]
    public async Task SQLite_keeps_the_chain_and_gives_old_events_their_sequence_as_id()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await AssertChainContinuesAsync(db, At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertChainContinuesAsync(AppDbContext db, string occurredAt)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal)));
        // Three sealed events as the old appender wrote them, stored out of order. (Raw SQL is a format string: {{}} is {}.)
        var hashes = new List<string> { AuditEvent.GenesisHash };
        for (var sequence = 1; sequence <= 3; sequence++)
            hashes.Add(Event(sequence).HashAt(sequence, hashes[^1]));
        foreach (var sequence in new[] { 3, 1, 2 })
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "AuditEvents" ("Sequence", "OccurredAt", "Channel", "Action", "EntityType", "EntityId", "Summary", "PreviousHash", "Hash")
                VALUES ({sequence}, {occurredAt}, 'api', 'old.{sequence}', 'Test', '{sequence}', '{"{{}}"}', '{hashes[sequence - 1]}', '{hashes[sequence]}')
                """);

        await migrator.MigrateAsync();

        var old = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([1L, 2L, 3L], old.Select(e => e.Id));
        Assert.All(old, e => Assert.Equal(e.Hash, e.ExpectedHash()));
        db.AuditEvents.Add(Event(4));
        await db.SaveChangesAsync();
        Assert.Equal(1, await AuditSealer.SealAsync(db, CancellationToken.None));
        var added = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "old.4");
        Assert.Equal((4L, 4L, hashes[3]), (added.Id, added.Sequence!.Value, added.PreviousHash));
        Assert.Equal(added.Hash, added.ExpectedHash());
    }

    private static AuditEvent Event(int n) => new()
    {
        OccurredAt = At, Channel = "api", Action = $"old.{n}", EntityType = "Test", EntityId = $"{n}", Summary = "{}",
    };
}
