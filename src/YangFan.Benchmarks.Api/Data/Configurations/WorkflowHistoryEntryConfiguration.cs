using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class WorkflowHistoryEntryConfiguration : IEntityTypeConfiguration<WorkflowHistoryEntry>
{
    public void Configure(EntityTypeBuilder<WorkflowHistoryEntry> builder)
    {
        builder.HasIndex(h => new { h.ApplicationId, h.Sequence }).IsUnique();
        builder.HasOne<Application>().WithMany().HasForeignKey(h => h.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(h => h.FromState).HasMaxLength(64);
        builder.Property(h => h.ToState).HasMaxLength(64);
        builder.Property(h => h.Trigger).HasMaxLength(64);
        builder.Property(h => h.ActorRole).HasMaxLength(32);
        builder.Property(h => h.Comment).HasMaxLength(2000);
        builder.Property(h => h.Data).HasMaxLength(8000);
    }
}
