using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.IntegrationTests.Architecture;

/// <summary>
/// The model has one home (ADR 0017): every entity the database stores is a type of the Domain project, except the
/// few records that exist only for the host's own machinery, named here.
/// </summary>
public sealed class ModelHomeTests
{
    /// <summary>Shaped by ASP.NET Core Identity or by request handling, not by the business.</summary>
    private static readonly HashSet<string> HostRecords =
    [
        "AppUser", "ExpertSector", "RefreshToken", "PasswordReset", "SignInThrottle", "IdempotencyRecord",
        "IdentityRole`1", "IdentityUserClaim`1", "IdentityUserRole`1", "IdentityUserLogin`1", "IdentityRoleClaim`1",
        "IdentityUserToken`1", "IdentityUserPasskey`1", "DataProtectionKey", "RateWindow",
    ];

    [Fact]
    public void Every_stored_business_entity_is_a_type_of_the_domain_project()
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new SqliteAppDbContext(options);
        var domain = typeof(Roles).Assembly;

        var strays = db.Model.GetEntityTypes()
            .Select(e => e.ClrType)
            .Where(t => t.Assembly != domain && !HostRecords.Contains(t.Name))
            .Select(t => t.FullName)
            .Order()
            .ToList();

        Assert.True(strays.Count == 0, "Entities outside src/YangFan.Benchmarks.Domain: " + string.Join(", ", strays));
    }

    [Fact]
    public void The_domain_entities_carry_no_persistence_or_web_attributes()
    {
        var domain = typeof(Roles).Assembly;
        var offending = domain.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(false).Select(a => (t, a))
                .Concat(t.GetProperties().SelectMany(p => p.GetCustomAttributes(false)).Select(a => (t, a))))
            .Where(x => x.a.GetType().Namespace is { } ns
                && (ns.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                    || ns.StartsWith("System.ComponentModel.DataAnnotations", StringComparison.Ordinal)
                    || ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)))
            .Select(x => $"{x.t.Name}: {x.a.GetType().Name}")
            .ToList();

        Assert.True(offending.Count == 0, string.Join(", ", offending));
    }
}
