using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Calls and attachments stored before forms were data: an opened call pins its programme's form version 1, a draft
/// call pins none yet, and attachment kinds become the forms' keys.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FormsAsDataMigrationTests(ApiFixture fixture)
{
    private const string Before = "ObjectionReceiptNumbers";

    private static string Call(int i, string? workflowVersion) => $$"""
        INSERT INTO "Calls" ("Id", "ProgrammeKey", "Year", "Batch", "TitleZh", "TitleEn", "OpensAt", "ClosesAt", "Status", "WorkflowKey",
            "WorkflowVersion", "LifecycleVersion", "RecommenderQuota", "RequiredAttachmentKinds", "CreatedAt", "Version")
        VALUES ('00000000-0000-0000-0000-0000000000c{{i}}', 'security-centre', 2023, {{i}}, '批次', 'Batch', '2023-09-01T00:00:00Z',
            '2023-10-01T00:00:00Z', 'Open', 'security-centre', {{workflowVersion ?? "NULL"}}, 1, NULL, 'ApplicationForm', '2023-09-01T00:00:00Z', 1)
        """;

    private static string Attachment(int i, string kind) => $$"""
        INSERT INTO "Attachments" ("Id", "ApplicationId", "Kind", "FileName", "MediaType", "Size", "Sha256", "UploadedBy", "UploadedAt")
        VALUES ('00000000-0000-0000-0000-0000000000f{{i}}', '00000000-0000-0000-0000-0000000000a1', '{{kind}}', 'x.pdf', 'application/pdf', 1,
            '{{new string('0', 64)}}', '00000000-0000-0000-0000-0000000000b1', '2023-09-01T00:00:00Z')
        """;

    [Fact]
    public async Task PostgreSQL_pins_version_1_for_opened_calls_and_renames_attachment_kinds()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_forms_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        await AssertMigratedAsync(db, string.Join(";", new[]
        {
            "\"Attachments\" DROP CONSTRAINT \"FK_Attachments_Applications_ApplicationId\"",
            "\"Calls\" DROP CONSTRAINT \"FK_Calls_Programmes_ProgrammeKey\"",
            "\"Calls\" DROP CONSTRAINT \"FK_Calls_Workflows_WorkflowKey_WorkflowVersion\"",
        }.Select(c => "ALTER TABLE " + c)));
    }

    [Fact]
    public async Task SQLite_pins_version_1_for_opened_calls_and_renames_attachment_kinds()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-forms-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await AssertMigratedAsync(db, "PRAGMA foreign_keys = OFF");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertMigratedAsync(AppDbContext db, string foreignKeysOff)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal)));
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync(foreignKeysOff);
        foreach (var sql in new[]
                 {
                     Call(1, "1"), Call(2, null),
                     Attachment(1, "ApplicationForm"), Attachment(2, "BusinessLicence"), Attachment(3, "RecommendationLetter"), Attachment(4, "Other"),
                 })
            await db.Database.ExecuteSqlRawAsync(sql);

        await migrator.MigrateAsync();

        var calls = await db.Calls.AsNoTracking().OrderBy(c => c.Batch).Select(c => new { c.FormKey, c.FormVersion }).ToListAsync();
        Assert.Equal([new { FormKey = "security-centre", FormVersion = (int?)1 }, new { FormKey = "security-centre", FormVersion = (int?)null }], calls);
        Assert.Equal(["application-form", "business-licence", "other", "recommendation-letter"],
            (await db.Attachments.AsNoTracking().Select(a => a.Kind).ToListAsync()).Order(StringComparer.Ordinal));
        await db.Database.CloseConnectionAsync();
    }
}
