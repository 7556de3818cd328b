using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Workflows;
using YangFan.Benchmarks.Domain;
using YangFan.Benchmarks.Domain.Auditing;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data;

/// <summary>
/// The one model of the application. Each database provider has a subclass that owns its migrations
/// (see docs/decisions/0003); handlers depend on this base type only.
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityUserContext<AppUser, Guid>(options)
{
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<IndicatorObservation> IndicatorObservations => Set<IndicatorObservation>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<ExpertSector> ExpertSectors => Set<ExpertSector>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<StoredWorkflow> Workflows => Set<StoredWorkflow>();
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
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<NationalBodyMembership> NationalBodyMemberships => Set<NationalBodyMembership>();
    public DbSet<CreditCodeOverride> CreditCodeOverrides => Set<CreditCodeOverride>();
    public DbSet<OrganisationRenameRequest> OrganisationRenameRequests => Set<OrganisationRenameRequest>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>A save touched applications and its transaction has not committed yet (see <see cref="ApplicationChangeInterceptor"/>).</summary>
    internal bool ApplicationsChangedSinceCommit { get; set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Sector>(e =>
        {
            e.HasKey(s => s.Code);
            e.Property(s => s.Code).HasMaxLength(64);
            e.Property(s => s.NameZh).HasMaxLength(100);
            e.Property(s => s.NameEn).HasMaxLength(200);
            e.Property(s => s.Group).HasMaxLength(64);
            e.Property(s => s.GroupZh).HasMaxLength(100);
        });
        builder.Entity<Programme>(e =>
        {
            e.HasKey(p => p.Key);
            e.Property(p => p.Key).HasMaxLength(64);
            e.Property(p => p.NameZh).HasMaxLength(100);
            e.Property(p => p.NameEn).HasMaxLength(200);
            e.Property(p => p.Description).HasMaxLength(2000);
            e.Property(p => p.TargetScope).HasConversion<string>().HasMaxLength(32);
        });
        builder.Entity<Province>(e =>
        {
            e.HasKey(p => p.Code);
            e.Property(p => p.Code).HasMaxLength(2);
            e.Property(p => p.NameZh).HasMaxLength(50);
            e.Property(p => p.NameEn).HasMaxLength(100);
        });
        builder.Entity<Indicator>(e =>
        {
            e.HasKey(i => i.Code);
            e.Property(i => i.Code).HasMaxLength(64);
            e.Property(i => i.NameZh).HasMaxLength(200);
            e.Property(i => i.NameEn).HasMaxLength(300);
            e.Property(i => i.Unit).HasMaxLength(32);
            e.Property(i => i.Target).HasPrecision(18, 4);
            e.HasMany(i => i.Observations).WithOne().HasForeignKey(o => o.IndicatorCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<IndicatorObservation>(e =>
        {
            e.Property(o => o.Period).HasMaxLength(32);
            e.Property(o => o.Region).HasMaxLength(32);
            e.Property(o => o.Source).HasMaxLength(500);
            e.Property(o => o.Note).HasMaxLength(500);
            e.Property(o => o.Value).HasPrecision(18, 4);
            e.HasIndex(o => new { o.IndicatorCode, o.Period, o.Region, o.Source }).IsUnique();
        });
        builder.Entity<Organisation>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.CreditCode).HasMaxLength(CreditCode.Length);
            e.HasIndex(o => o.CreditCode).IsUnique();
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(o => o.ProvinceCode).HasMaxLength(2);
            e.HasOne<Province>().WithMany().HasForeignKey(o => o.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(o => o.Address).HasMaxLength(300);
            e.Property(o => o.ContactPerson).HasMaxLength(100);
            e.Property(o => o.ContactPhone).HasMaxLength(32);
        });
        builder.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.Role).HasMaxLength(32);
            e.HasIndex(u => u.Role);
            e.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(u => u.JurisdictionProvinceCode).HasMaxLength(2);
            e.HasOne<Province>().WithMany().HasForeignKey(u => u.JurisdictionProvinceCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(u => u.JurisdictionNationalBody).HasMaxLength(200);
            e.Property(u => u.AffiliationCreditCode).HasMaxLength(CreditCode.Length);
            e.Property(u => u.ExpertProvinceCode).HasMaxLength(2);
            e.HasOne<Province>().WithMany().HasForeignKey(u => u.ExpertProvinceCode).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(u => u.ExpertSectors).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ExpertSector>(e =>
        {
            e.HasKey(s => new { s.UserId, s.SectorCode });
            e.Property(s => s.SectorCode).HasMaxLength(64);
            e.HasOne<Sector>().WithMany().HasForeignKey(s => s.SectorCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<RefreshToken>(e =>
        {
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.FamilyId);
            e.Property(t => t.RevokedReason).HasMaxLength(64);
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SignInThrottle>(e =>
        {
            e.HasKey(t => new { t.UserId, t.Client });
            e.Property(t => t.Client).HasMaxLength(64);
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AuditEvent>(e =>
        {
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.ActorRole).HasMaxLength(32);
            e.Property(a => a.Channel).HasMaxLength(16);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.HasIndex(a => a.ActorId);
            e.HasIndex(a => a.PreviousHash).IsUnique();
        });

        builder.Entity<StoredWorkflow>(e =>
        {
            e.HasKey(w => new { w.Key, w.Version });
            e.Property(w => w.Key).HasMaxLength(64);
            e.Property(w => w.Status).HasMaxLength(16);
            e.Property(w => w.TitleZh).HasMaxLength(200);
            e.Property(w => w.TitleEn).HasMaxLength(200);
            e.Property(w => w.ContentHash).HasMaxLength(64);
            e.Property(w => w.Source).HasMaxLength(16);
        });
        builder.Entity<Call>(e =>
        {
            e.Property(c => c.ProgrammeKey).HasMaxLength(64);
            e.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeKey).OnDelete(DeleteBehavior.Restrict);
            e.Property(c => c.TitleZh).HasMaxLength(200);
            e.Property(c => c.TitleEn).HasMaxLength(200);
            e.Property(c => c.WorkflowKey).HasMaxLength(64);
            e.HasOne<StoredWorkflow>().WithMany().HasForeignKey(c => new { c.WorkflowKey, c.WorkflowVersion }).OnDelete(DeleteBehavior.Restrict);
            e.Property(c => c.Status).HasMaxLength(16);
            e.HasIndex(c => c.Status);
            e.Property(c => c.RequiredAttachmentKinds)
                .HasConversion(
                    kinds => string.Join(",", kinds),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<AttachmentKind>).ToList(),
                    new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<AttachmentKind>>(
                        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, k) => HashCode.Combine(h, k)), v => v.ToList()))
                .HasMaxLength(200);
            e.HasMany(c => c.Sectors).WithOne().HasForeignKey(s => s.CallId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CallSector>(e =>
        {
            e.HasKey(s => new { s.CallId, s.SectorCode });
            e.Property(s => s.SectorCode).HasMaxLength(64);
            e.HasOne<Sector>().WithMany().HasForeignKey(s => s.SectorCode).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Attachment>(e =>
        {
            e.HasOne<Application>().WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(a => a.FileName).HasMaxLength(200);
            e.Property(a => a.MediaType).HasMaxLength(100);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.HasIndex(a => a.ApplicationId);
        });
        builder.Entity<NationalBodyMembership>(e =>
        {
            e.HasKey(m => new { m.NationalBody, m.OrganisationId });
            e.Property(m => m.NationalBody).HasMaxLength(200);
            e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CreditCodeOverride>(e =>
        {
            e.HasKey(o => o.CreditCode);
            e.Property(o => o.CreditCode).HasMaxLength(CreditCode.Length);
            e.Property(o => o.Reason).HasMaxLength(500);
        });
        builder.Entity<OrganisationRenameRequest>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.CurrentName).HasMaxLength(200);
            e.Property(r => r.RequestedName).HasMaxLength(200);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.DecisionReason).HasMaxLength(500);
            // At most one pending request per organisation; the list for administrators reads by status.
            e.HasIndex(r => r.OrganisationId).IsUnique().HasFilter("\"Status\" = 'Pending'");
            e.HasIndex(r => new { r.Status, r.RequestedAt });
        });
        builder.Entity<Application>(e =>
        {
            e.Ignore(a => a.ShownVersion);
            e.Property(a => a.ProgrammeKey).HasMaxLength(64);
            e.Property(a => a.WorkflowKey).HasMaxLength(64);
            e.Property(a => a.State).HasMaxLength(64);
            e.HasOne<Call>().WithMany().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<StoredWorkflow>().WithMany().HasForeignKey(a => new { a.WorkflowKey, a.WorkflowVersion }).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.WorkflowKey, a.WorkflowVersion, a.State });
            e.Property(a => a.SectorCode).HasMaxLength(64);
            e.HasOne<Sector>().WithMany().HasForeignKey(a => a.SectorCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(a => a.SectorKey).HasMaxLength(64);
            // One application per organisation per call and sector (benchmarks) or per call (others, sector key "").
            e.HasIndex(a => new { a.CallId, a.OrganisationId, a.SectorKey }).IsUnique();
            // The target-ceiling count (programme, sector, selected states) and the progress counts read only this index.
            e.HasIndex(a => new { a.ProgrammeKey, a.SectorCode, a.State, a.WorkflowKey, a.WorkflowVersion });
            e.Property(a => a.Title).HasMaxLength(300);
            e.HasIndex(a => new { a.SubmittedAt, a.Id });
            e.Property(a => a.SubmittedOrganisationName).HasMaxLength(200);
            e.Property(a => a.SubmittedProvinceCode).HasMaxLength(2);
        });
        builder.Entity<WorkflowHistoryEntry>(e =>
        {
            e.HasIndex(h => new { h.ApplicationId, h.Sequence }).IsUnique();
            e.HasOne<Application>().WithMany().HasForeignKey(h => h.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.Property(h => h.FromState).HasMaxLength(64);
            e.Property(h => h.ToState).HasMaxLength(64);
            e.Property(h => h.Trigger).HasMaxLength(64);
            e.Property(h => h.ActorRole).HasMaxLength(32);
            e.Property(h => h.Comment).HasMaxLength(2000);
            e.Property(h => h.Data).HasMaxLength(8000);
        });
        builder.Entity<WorkflowTimer>(e =>
        {
            e.HasOne<Application>().WithMany().HasForeignKey(t => t.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Call>().WithMany().HasForeignKey(t => t.CallId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.CallId);
            e.Property(t => t.State).HasMaxLength(64);
            e.Property(t => t.Trigger).HasMaxLength(64);
            e.Property(t => t.Status).HasMaxLength(16);
            e.Property(t => t.Outcome).HasMaxLength(1000);
            e.HasIndex(t => new { t.Status, t.DueAt });
            e.HasIndex(t => t.ApplicationId);
        });
        builder.Entity<Assignment>(e =>
        {
            e.HasOne<Application>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Call>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ExpertId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.ApplicationId, r.Round, r.ExpertId }).IsUnique();
            e.HasIndex(r => new { r.ExpertId, r.CallId, r.Status });
            e.Property(r => r.Status).HasMaxLength(32);
            e.Property(r => r.Scores).HasMaxLength(4000);
            e.Property(r => r.WeightedTotal).HasPrecision(9, 4);
            e.Property(r => r.Comment).HasMaxLength(4000);
            e.Property(r => r.Recommendation).HasMaxLength(32);
            e.Property(r => r.EndedReason).HasMaxLength(500);
        });
        builder.Entity<ExpertConflict>(e =>
        {
            e.HasKey(c => new { c.ExpertId, c.CreditCode });
            e.HasOne<AppUser>().WithMany().HasForeignKey(c => c.ExpertId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.CreditCode).HasMaxLength(CreditCode.Length);
            e.Property(c => c.Reason).HasMaxLength(500);
        });
        builder.Entity<Notice>(e =>
        {
            e.HasOne<Call>().WithMany().HasForeignKey(n => n.CallId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(n => n.Entries).WithOne().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(n => n.EndsAt);
        });
        builder.Entity<NoticeEntry>(e =>
        {
            e.HasKey(x => new { x.NoticeId, x.ApplicationId });
            e.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Objection>(e =>
        {
            e.HasOne<Notice>().WithMany().HasForeignKey(o => o.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Application>().WithMany().HasForeignKey(o => o.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(o => o.ObjectorName).HasMaxLength(100);
            e.Property(o => o.Contact).HasMaxLength(200);
            e.Property(o => o.Reason).HasMaxLength(4000);
            e.Property(o => o.EvidenceSha256).HasMaxLength(64);
            e.Property(o => o.EvidenceFileName).HasMaxLength(200);
            e.Property(o => o.EvidenceMediaType).HasMaxLength(100);
            e.Property(o => o.Status).HasMaxLength(16);
            e.Property(o => o.Resolution).HasMaxLength(2000);
            e.HasIndex(o => new { o.ApplicationId, o.Status });
        });
        builder.Entity<DirectoryVersion>(e =>
        {
            e.HasOne<Call>().WithMany().HasForeignKey(d => d.CallId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(d => new { d.CallId, d.Number }).IsUnique();
            e.Property(d => d.ProgrammeKey).HasMaxLength(64);
            e.Property(d => d.TitleZh).HasMaxLength(300);
            e.Property(d => d.TitleEn).HasMaxLength(300);
            e.Property(d => d.ContentHash).HasMaxLength(64);
            e.HasMany(d => d.Entries).WithOne().HasForeignKey(x => x.DirectoryId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DirectoryEntry>(e =>
        {
            e.HasIndex(x => new { x.DirectoryId, x.ApplicationId }).IsUnique();
            // A page of a version is read in credit-code order. On PostgreSQL the index carries every column, so the
            // rows an OFFSET skips are read from the index alone (an index-only scan), not from the table.
            e.HasIndex(x => new { x.DirectoryId, x.CreditCode, x.Id })
                .IncludeProperties(x => new { x.ApplicationId, x.OrganisationName, x.Title, x.SectorCode, x.ProvinceCode, x.Batch, x.Revoked, x.RevokedReason });
            e.Property(x => x.OrganisationName).HasMaxLength(200);
            e.Property(x => x.CreditCode).HasMaxLength(CreditCode.Length);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.SectorCode).HasMaxLength(64);
            e.Property(x => x.ProvinceCode).HasMaxLength(2);
            e.Property(x => x.Batch).HasMaxLength(32);
            e.Property(x => x.RevokedReason).HasMaxLength(1000);
        });
        builder.Entity<Notification>(e =>
        {
            e.Property(n => n.RecipientRole).HasMaxLength(32);
            e.Property(n => n.Message).HasMaxLength(1000);
            e.HasIndex(n => new { n.RecipientRole, n.CreatedAt });
            e.HasIndex(n => n.RecipientUserId);
        });
        builder.Entity<NotificationRead>(e =>
        {
            e.HasKey(r => new { r.NotificationId, r.UserId });
            e.HasOne<Notification>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(r => new { r.CallerId, r.Key });
            e.Property(r => r.Key).HasMaxLength(100);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.ETag).HasMaxLength(64);
            e.HasIndex(r => r.CreatedAt);
        });

        // Every mutable aggregate: an integer version, checked on update and raised by SaveChanges below.
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
