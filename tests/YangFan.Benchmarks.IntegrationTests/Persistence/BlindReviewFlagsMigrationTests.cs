using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Forms;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Version 1 of a shipped form stored before attachment kinds said whether blind review hides them becomes the version 1
/// file as shipped now: the business licence and recommendation letter hidden, and the content hash the file's, so the
/// start-up still finds the stored version equal to its file.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BlindReviewFlagsMigrationTests(ApiFixture fixture)
{
    private const string Migration = "FormsSayWhatBlindReviewHides";

    private static string ShippedVersionOne => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "forms", "security-centre.v1.json"));

    /// <summary>The file as it was shipped before the flags.</summary>
    private static string VersionOneBefore => ShippedVersionOne
        .Replace(", \"hiddenInBlindReview\": true", "", StringComparison.Ordinal)
        .Replace(", \"hiddenInBlindReview\": false", "", StringComparison.Ordinal);

    [Fact]
    public async Task PostgreSQL_writes_the_flags_into_a_stored_version_1()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_flags_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        await AssertMigratedAsync(db);
    }

    [Fact]
    public async Task SQLite_writes_the_flags_into_a_stored_version_1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-flags-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await AssertMigratedAsync(db);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertMigratedAsync(AppDbContext db)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1]);
        var before = VersionOneBefore;
        Assert.DoesNotContain("hiddenInBlindReview", before);
        // In SQL: the model has columns that later migrations add.
        object at = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal) ? 0L : DateTimeOffset.UnixEpoch;
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Forms" ("Key", "Version", "Status", "Programme", "TitleZh", "TitleEn", "Content", "ContentHash", "Source", "CreatedAt", "PublishedAt")
            VALUES ('security-centre', 1, 'Published', 'security-centre', '申报书', 'Form', {0}, {1}, 'file', {2}, {2})
            """, before, FormLoader.ContentHash(before), at);

        await migrator.MigrateAsync();

        var stored = await db.Forms.AsNoTracking().SingleAsync(f => f.Key == "security-centre" && f.Version == 1);
        Assert.Equal(FormLoader.ContentHash(ShippedVersionOne), stored.ContentHash);
        Assert.Equal(stored.ContentHash, FormLoader.ContentHash(stored.Content));
        var (definition, errors) = FormLoader.Parse(stored.Content);
        Assert.Empty(errors);
        Assert.Equal([false, true, true, false], definition!.Attachments.Select(a => a.HiddenInBlindReview == true));
    }
}
