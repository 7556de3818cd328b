using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain;
using YangFan.Benchmarks.Domain.Auditing;
using YangFan.Benchmarks.Domain.Mail;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data;

/// <summary>
/// The one model of the application. Each database provider has a subclass that owns its migrations
/// (see docs/decisions/0003); handlers depend on this base type only.
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityUserContext<AppUser, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<City> Cities => Set<City>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<IndicatorObservation> IndicatorObservations => Set<IndicatorObservation>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<ExpertSector> ExpertSectors => Set<ExpertSector>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<RateWindow> RateWindows => Set<RateWindow>();
    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();
    public DbSet<OutgoingEmail> OutgoingEmails => Set<OutgoingEmail>();
    public DbSet<EmailOptOut> EmailOptOuts => Set<EmailOptOut>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<StoredWorkflow> Workflows => Set<StoredWorkflow>();
    public DbSet<StoredForm> Forms => Set<StoredForm>();
    public DbSet<Call> Calls => Set<Call>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<WorkflowHistoryEntry> WorkflowHistory => Set<WorkflowHistoryEntry>();
    public DbSet<WorkflowTimer> WorkflowTimers => Set<WorkflowTimer>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<ExpertConflict> ExpertConflicts => Set<ExpertConflict>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<NoticeEntry> NoticeEntries => Set<NoticeEntry>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<DirectoryVersion> Directories => Set<DirectoryVersion>();
    public DbSet<DirectoryEntry> DirectoryEntries => Set<DirectoryEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationRead> NotificationReads => Set<NotificationRead>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<CallSector> CallSectors => Set<CallSector>();
    public DbSet<CallAuthorityQuota> CallAuthorityQuotas => Set<CallAuthorityQuota>();
    public DbSet<RecommendationRanking> RecommendationRankings => Set<RecommendationRanking>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<NationalBodyMembership> NationalBodyMemberships => Set<NationalBodyMembership>();
    public DbSet<CreditCodeOverride> CreditCodeOverrides => Set<CreditCodeOverride>();
    public DbSet<OrganisationRenameRequest> OrganisationRenameRequests => Set<OrganisationRenameRequest>();
    public DbSet<OrganisationDocument> OrganisationDocuments => Set<OrganisationDocument>();
    public DbSet<OrganisationMembership> OrganisationMemberships => Set<OrganisationMembership>();
    public DbSet<OrganisationInvitation> OrganisationInvitations => Set<OrganisationInvitation>();
    public DbSet<OrganisationClaim> OrganisationClaims => Set<OrganisationClaim>();
    public DbSet<ProgressCount> ProgressCounts => Set<ProgressCount>();
    public DbSet<ProgressCountDelta> ProgressCountDeltas => Set<ProgressCountDelta>();
    public DbSet<ReviewAggregate> ReviewAggregates => Set<ReviewAggregate>();

    /// <summary>The Data Protection key ring when the provider is PostgreSQL, mapped as the package shapes it (docs/decisions/0041).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>A save touched applications and its transaction has not committed yet (see <see cref="ApplicationChangeInterceptor"/>).</summary>
    internal bool ApplicationsChangedSinceCommit { get; set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // One IEntityTypeConfiguration per entity under Data/Configurations (docs/decisions/0014). None depends on
        // the provider; what does (DateTimeOffset and decimal storage) is in each subclass's ConfigureConventions.
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // Every mutable aggregate: an integer version, checked on update and raised by SaveChanges below. It runs
        // after the configurations so that it sees every entity type.
        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            // A save whose only steps were hidden from applicants (staging a decision, taking it back) does not move
            // the version applicants see.
            if (entry is { State: EntityState.Modified, Entity: Application { HiddenStepPending: true, VisibleStepPending: false } staged })
                staged.StagedVersions++;
            if (entry.Entity is Application application)
                application.HiddenStepPending = application.VisibleStepPending = false;
            if (entry.State == EntityState.Modified)
                entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
            else if (entry.State == EntityState.Added && entry.Entity.Version == 0)
                entry.Entity.Version = 1;
        }
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The SQLite model: the embedded default. Owns Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-with-offset type: store exact UTC ticks so that ordering and comparison happen in SQL
        // and the audit chain hashes the very value it stored.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Kept by PostgreSQL's triggers; SQLite aggregates the rounds as the ranking reads them (docs/decisions/0024).
        builder.Ignore<ReviewAggregate>();
    }
}

/// <summary>Stores a point in time as its UTC ticks.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>The PostgreSQL model: production and the test suite. Owns Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Npgsql writes only offset 0 to timestamptz; clients send any offset (China's +08:00 most of all). Every stored
        // point in time and every query parameter compared with one passes through here, so all are UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }
}

/// <summary>The same instant at offset 0.</summary>
public sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value.ToUniversalTime());
