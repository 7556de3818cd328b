using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    /// <summary>The index the sealer reads pending events through: only unsealed rows, so it stays small.</summary>
    public const string UnsealedIndex = "IX_AuditEvents_Unsealed";

    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        // Writers append unsealed events with a database-assigned id and no global lock; the sealer gives them their
        // place in the chain after commit (docs/decisions/0019).
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.HasIndex(a => a.Sequence).IsUnique();
        builder.HasIndex(a => a.Id).HasFilter("\"Sequence\" IS NULL").HasDatabaseName(UnsealedIndex);
        builder.Property(a => a.ActorRole).HasMaxLength(32);
        builder.Property(a => a.Channel).HasMaxLength(16);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.EntityType).HasMaxLength(100);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
        builder.HasIndex(a => a.ActorId);
        builder.HasIndex(a => a.PreviousHash).IsUnique();
    }
}
