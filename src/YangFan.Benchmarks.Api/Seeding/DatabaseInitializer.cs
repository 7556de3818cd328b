using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Seeding;

/// <summary>Configuration section <c>Seed</c>.</summary>
public sealed class SeedOptions
{
    /// <summary>Folder of the reference-data JSON files; defaults to the <c>seeds</c> folder beside the binaries.</summary>
    public string? Path { get; set; }

    /// <summary>Demo accounts for each role. Defaults to true in Development only.</summary>
    public bool? DemoData { get; set; }

    public string? DemoPassword { get; set; }
}

/// <summary>Configuration section <c>Bootstrap</c>: the first administrator, created when none exists.</summary>
public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

/// <summary>Start-up work on the database: migrations, reference data, the first admin, demo data.</summary>
public static class DatabaseInitializer
{
    private const string ShenzhenRecommender = "recommender-shenzhen@demo.yangfan.cn";

    public static readonly (string Email, string Role, string Name)[] DemoAccounts =
    [
        ("admin@demo.yangfan.cn", Roles.Admin, "演示管理员 Demo Admin"),
        ("applicant@demo.yangfan.cn", Roles.Applicant, "演示申报人 Demo Applicant"),
        ("recommender@demo.yangfan.cn", Roles.Recommender, "广东省推荐单位 Demo Recommender"),
        // The demo organisation is in Shenzhen, a sub-provincial city: its recommender, not Guangdong's, covers it.
        (ShenzhenRecommender, Roles.Recommender, "深圳市工业和信息化局 Demo Recommender (Shenzhen)"),
        ("expert@demo.yangfan.cn", Roles.Expert, "演示专家 Demo Expert"),
    ];

    public static async Task InitializeAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<AppDbContext>();
        var options = provider.GetRequiredService<DatabaseOptions>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        // Replicas started together would migrate and seed at once, and all but one would fail on a unique key. On
        // PostgreSQL one takes a session lock and does the work; the others wait for it and then find nothing to do.
        var shared = db.Provider == DatabaseProvider.Postgres;
        if (shared)
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (options.MigrateOnStartup && !await creator.ExistsAsync(ct))
                await creator.CreateAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtextextended({StartupLock}, 0))", ct);
        }
        try
        {
            await MigrateAndSeedAsync(provider, db, options, logger, ct);
        }
        finally
        {
            if (shared)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({StartupLock}, 0))", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private const string StartupLock = "startup/migrate-and-seed";

    private static async Task MigrateAndSeedAsync(IServiceProvider provider, AppDbContext db, DatabaseOptions options, ILogger logger,
        CancellationToken ct)
    {
        if (options.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migrations to the {Provider} database", pending.Count, db.Provider);
                await db.Database.MigrateAsync(ct);
            }
        }
        await SeedAsync(provider, ct);
    }

    /// <summary>Reference data, bootstrap admin and demo data, in one audited transaction.</summary>
    public static async Task SeedAsync(IServiceProvider provider, CancellationToken ct = default)
    {
        var db = provider.GetRequiredService<AppDbContext>();
        var configuration = provider.GetRequiredService<IConfiguration>();
        var environment = provider.GetRequiredService<IHostEnvironment>();
        var audit = provider.GetRequiredService<AuditTrail>();
        var seed = configuration.GetSection("Seed").Get<SeedOptions>() ?? new SeedOptions();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var seedPath = seed.Path ?? Path.Combine(AppContext.BaseDirectory, "seeds");
        await provider.GetRequiredService<ReferenceDataSeeder>().SeedAsync(seedPath, ct);
        await db.SaveChangesAsync(ct);

        var workflows = provider.GetRequiredService<WorkflowHost.WorkflowOptions>();
        await provider.GetRequiredService<WorkflowHost.WorkflowImporter>()
            .ImportAsync(workflows.Path ?? Path.Combine(AppContext.BaseDirectory, "workflows"), ct);
        await provider.GetRequiredService<FormHost.FormImporter>()
            .ImportAsync(provider.GetRequiredService<FormHost.FormOptions>().Folder, ct);
        await db.SaveChangesAsync(ct);

        await BootstrapAdminAsync(provider, configuration.GetSection("Bootstrap").Get<BootstrapOptions>(), ct);
        if (seed.DemoData ?? environment.IsDevelopment())
            await SeedDemoDataAsync(provider, seed, ct);

        await db.SaveChangesAsync(ct);
        await audit.FlushAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task BootstrapAdminAsync(IServiceProvider provider, BootstrapOptions? options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options?.AdminEmail) || string.IsNullOrWhiteSpace(options.AdminPassword))
            return;
        var db = provider.GetRequiredService<AppDbContext>();
        if (await db.Users.AnyAsync(u => u.Role == Roles.Admin, ct))
            return;
        var user = await CreateUserAsync(provider, options.AdminEmail, options.AdminPassword, Roles.Admin, "Administrator", u => { });
        provider.GetRequiredService<AuditTrail>().Record("user.bootstrapped", "User", user.Id, new { user.Email, user.Role });
    }

    private static async Task SeedDemoDataAsync(IServiceProvider provider, SeedOptions seed, CancellationToken ct)
    {
        var db = provider.GetRequiredService<AppDbContext>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        if (string.IsNullOrWhiteSpace(seed.DemoPassword))
        {
            logger.LogWarning("Seed:DemoData is on but Seed:DemoPassword is not set; no demo accounts were created.");
            return;
        }

        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.CreditCode == "914403001922038216", ct);
        if (organisation is null)
        {
            organisation = new Organisation
            {
                Id = Guid.NewGuid(),
                Name = "演示科技（深圳）有限公司 Demo Technology (Shenzhen) Co., Ltd.",
                CreditCode = "914403001922038216",
                Kind = OrganisationKind.Enterprise,
                ProvinceCode = "44",
                CityCode = "4403",
                Address = "广东省深圳市南山区科技园",
                ContactPerson = "张工",
                ContactPhone = "13800138000",
                CreatedAt = provider.GetRequiredService<TimeProvider>().GetUtcNow(),
                // The demo applicant can submit straight away.
                Verification = VerificationStatus.Verified,
                VerificationReason = "Demo organisation, verified when seeded.",
            };
            db.Organisations.Add(organisation);
        }

        var audit = provider.GetRequiredService<AuditTrail>();
        foreach (var (email, role, name) in DemoAccounts)
        {
            if (await db.Users.AnyAsync(u => u.Email == email, ct))
                continue;
            var user = await CreateUserAsync(provider, email, seed.DemoPassword, role, name, u =>
            {
                switch (role)
                {
                    case Roles.Applicant:
                        Features.Organisations.Memberships.Join(db, u, organisation.Id, MembershipRole.Owner, u.CreatedAt);
                        break;
                    case Roles.Recommender when email == ShenzhenRecommender:
                        u.JurisdictionCityCode = "4403";
                        break;
                    case Roles.Recommender:
                        u.JurisdictionProvinceCode = "44";
                        break;
                    case Roles.Expert:
                        u.AffiliationCreditCode = "9144030071526726XG";
                        u.ExpertProvinceCode = "11";
                        u.ExpertSectors.Add(new ExpertSector { UserId = u.Id, SectorCode = "industrial-internet" });
                        u.ExpertSectors.Add(new ExpertSector { UserId = u.Id, SectorCode = "smart-healthcare" });
                        break;
                }
            });
            audit.Record("user.demo-seeded", "User", user.Id, new { user.Email, user.Role });
        }
        logger.LogInformation("Demo accounts are ready: {Accounts}", string.Join(", ", DemoAccounts.Select(a => a.Email)));

        if (!await db.Calls.AnyAsync(ct))
        {
            // Two open calls so that the demo accounts can walk through a selection straight away.
            await db.SaveChangesAsync(ct);
            var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
            var launcher = provider.GetRequiredService<WorkflowHost.ApplicationLauncher>();
            var system = WorkflowHost.Actor.System(YangFan.Benchmarks.Domain.Auditing.AuditChannels.System);
            var sectors = await db.Sectors.Select(s => s.Code).ToListAsync(ct);
            await launcher.CreateOpenCallAsync("demonstration-benchmark", "2026 年 5G 示范应用标杆（演示批次）",
                "2026 5G demonstration benchmarks (demo batch)", now.AddDays(-1), now.AddDays(60), system, ct,
                recommenderQuota: 30, sectors: sectors);
            await launcher.CreateOpenCallAsync("security-centre", "2026 年 5G 应用安全创新示范中心（演示批次）",
                "2026 5G security demonstration centres (demo batch)", now.AddDays(-1), now.AddDays(60), system, ct,
                recommenderQuota: 2);
            logger.LogInformation("Demo calls are open for demonstration benchmarks and security centres.");
        }
    }

    private static async Task<AppUser> CreateUserAsync(IServiceProvider provider, string email, string password, string role,
        string name, Action<AppUser> configure)
    {
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            DisplayName = name,
            Role = role,
            CreatedAt = provider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        configure(user);
        var result = await provider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, password);
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"Could not create {role} account {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        return user;
    }
}
