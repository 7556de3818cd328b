// The SQL below interpolates the test's own constants as literals, so that each provider stores them as its migrations would.
#pragma warning disable EF1002

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Organisations and submitted applications stored before sub-provincial cities recommended on their own get the city
/// their stored credit code names, so Shenzhen's applications move to Shenzhen's recommenders; the others name none.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SubProvincialCitiesMigrationTests(ApiFixture fixture)
{
    private const string Migration = "SubProvincialCities";

    // Organisations: Shenzhen; Guangzhou; Shenzhen's code moved to Beijing by an administrator; a district of Dalian.
    private static readonly (string Id, string CreditCode, string Province)[] Organisations =
    [
        ("00000000-0000-0000-0000-0000000000E1", "914403001922038216", "44"),
        ("00000000-0000-0000-0000-0000000000E2", "91440100MA5F0AAAA1", "44"),
        ("00000000-0000-0000-0000-0000000000E3", "9144030071526726XG", "11"),
        ("00000000-0000-0000-0000-0000000000E4", "91210204MA5F0BBBB2", "21"),
    ];

    // Applications: (organisation, submitted under which province, or a draft).
    private static readonly (string Id, int Organisation, string? SubmittedProvince)[] Applications =
    [
        ("00000000-0000-0000-0000-0000000000A1", 0, "44"),
        ("00000000-0000-0000-0000-0000000000A2", 0, null),
        ("00000000-0000-0000-0000-0000000000A3", 1, "44"),
        ("00000000-0000-0000-0000-0000000000A4", 2, "11"),
        ("00000000-0000-0000-0000-0000000000A5", 2, "44"),
        ("00000000-0000-0000-0000-0000000000A6", 3, "21"),
    ];

    [Fact]
    public async Task PostgreSQL_gives_earlier_organisations_and_submissions_the_city_of_their_credit_code()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_migration_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        // The rows stand alone: references and triggers are off while they are written.
        await AssertBackfillAsync(db, stored: id => id.ToLowerInvariant(), at: "'2025-01-02T00:00:00Z'",
            withoutChecks: """ALTER TABLE "Organisations" DISABLE TRIGGER ALL; ALTER TABLE "Applications" DISABLE TRIGGER ALL""",
            withChecks: """ALTER TABLE "Organisations" ENABLE TRIGGER ALL; ALTER TABLE "Applications" ENABLE TRIGGER ALL""");
    }

    [Fact]
    public async Task SQLite_gives_earlier_organisations_and_submissions_the_city_of_their_credit_code()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            await db.Database.OpenConnectionAsync();
            // SQLite keeps times as UTC ticks and Guids as upper-case text.
            await AssertBackfillAsync(db, stored: id => id, at: new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero).UtcTicks.ToString(),
                withoutChecks: "PRAGMA foreign_keys = OFF", withChecks: "PRAGMA foreign_keys = ON");
            await db.Database.CloseConnectionAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertBackfillAsync(AppDbContext db, Func<string, string> stored, string at, string withoutChecks, string withChecks)
    {
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before);
        await db.Database.ExecuteSqlRawAsync(withoutChecks);
        foreach (var (id, code, province) in Organisations)
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "Organisations" ("Id", "Name", "CreditCode", "Kind", "ProvinceCode", "Address", "ContactPerson", "ContactPhone", "CreatedAt",
                    "Version", "Verification")
                VALUES ('{stored(id)}', '早已注册的公司', '{code}', 'Enterprise', '{province}', '某地', '张工', '13800138000', {at}, 1, 'Verified')
                """);
        foreach (var (id, organisation, province) in Applications)
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "Applications" ("Id", "CallId", "OrganisationId", "ProgrammeKey", "WorkflowKey", "WorkflowVersion", "State", "StateEnteredAt",
                    "ShownStateEnteredAt", "SectorKey", "Slot", "Title", "Content", "ReviewRound", "CreatedAt", "ListingTime", "Version", "StagedVersions",
                    "SubmittedAt", "SubmittedOrganisationName", "SubmittedProvinceCode")
                VALUES ('{stored(id)}', '{stored("00000000-0000-0000-0000-0000000000C1")}', '{stored(Organisations[organisation].Id)}',
                    'security-centre', 'security-centre', 1, '{(province is null ? "Draft" : "Submitted")}', {at}, {at}, '', '{id}', '项目', '[]', 0,
                    {at}, {at}, 1, 0, {(province is null ? "NULL" : at)}, {(province is null ? "NULL" : "'早已注册的公司'")},
                    {(province is null ? "NULL" : $"'{province}'")})
                """);
        await db.Database.ExecuteSqlRawAsync(withChecks);

        await migrator.MigrateAsync();

        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.CityCode).ToListAsync();
        Assert.Equal(["4403", null, null, "2102"], organisations);
        var applications = await db.Applications.AsNoTracking().OrderBy(a => a.Id).Select(a => a.SubmittedCityCode).ToListAsync();
        Assert.Equal(["4403", null, null, null, "4403", "2102"], applications);
    }
}
