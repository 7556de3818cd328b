// The SQL below interpolates the test's own constants as literals, so that each provider stores them as its migrations would.
#pragma warning disable EF1002

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// Organisations registered before verification existed are verified by the migration, so running calls are not
/// broken, and every account that belonged to one becomes its member, the earliest its owner (ADR 0030).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OrganisationVerificationMigrationTests(ApiFixture fixture)
{
    private const string Migration = "OrganisationVerificationMembersClaims";
    private const string Organisation = "00000000-0000-0000-0000-0000000000E1";
    private const string First = "00000000-0000-0000-0000-0000000000A1";
    private const string Second = "00000000-0000-0000-0000-0000000000A2";
    private const string Alone = "00000000-0000-0000-0000-0000000000A3";

    [Fact]
    public async Task PostgreSQL_verifies_earlier_organisations_and_makes_their_accounts_members()
    {
        var connection = await fixture.Server.CreateDatabaseAsync($"yangfan_migration_{Guid.NewGuid():N}");
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connection).Options);
        await AssertBackfillAsync(db, stored: id => id.ToLowerInvariant(), at: day => $"'2025-01-{day:D2}T00:00:00Z'");
    }

    [Fact]
    public async Task SQLite_verifies_earlier_organisations_and_makes_their_accounts_members()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yangfan-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options);
            // SQLite keeps times as UTC ticks and Guids as upper-case text.
            await AssertBackfillAsync(db, stored: id => id, at: day => new DateTimeOffset(2025, 1, day, 0, 0, 0, TimeSpan.Zero).UtcTicks.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertBackfillAsync(AppDbContext db, Func<string, string> stored, Func<int, string> at)
    {
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before);
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO "Organisations" ("Id", "Name", "CreditCode", "Kind", "ProvinceCode", "Address", "ContactPerson", "ContactPhone", "CreatedAt", "Version")
            VALUES ('{stored(Organisation)}', '早已注册的公司', '914403001922038216', 'Enterprise', NULL, '深圳', '张工', '13800138000', {at(1)}, 1)
            """);
        foreach (var (id, email, organisation, day) in new[] { (Second, "second@example.cn", Organisation, 3), (First, "first@example.cn", Organisation, 2), (Alone, "alone@example.cn", null, 1) })
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed",
                    "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "Role", "OrganisationId", "IsDisabled", "CreatedAt",
                    "MaxAssignmentsPerCall", "ExpertActive", "Version")
                VALUES ('{stored(id)}', '{email}', '{email.ToUpperInvariant()}', '{email}', '{email.ToUpperInvariant()}', FALSE, FALSE, FALSE, FALSE, 0,
                    '早期用户', 'Applicant', {(organisation is null ? "NULL" : $"'{stored(organisation)}'")}, FALSE, {at(day)}, 10, TRUE, 1)
                """);

        await migrator.MigrateAsync();

        var verified = await db.Organisations.AsNoTracking().SingleAsync();
        Assert.Equal(VerificationStatus.Verified, verified.Verification);
        Assert.Contains("before verification existed", verified.VerificationReason);
        var members = await db.OrganisationMemberships.AsNoTracking().OrderBy(m => m.JoinedAt).ToListAsync();
        Assert.Equal([(Guid.Parse(First), MembershipRole.Owner), (Guid.Parse(Second), MembershipRole.Member)],
            members.Select(m => (m.UserId, m.Role)));
        Assert.All(members, m => Assert.Equal(verified.Id, m.OrganisationId));
        Assert.All(members, m => Assert.True(m.IsActive));
    }
}
