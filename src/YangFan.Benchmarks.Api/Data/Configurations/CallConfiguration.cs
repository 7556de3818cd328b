using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.Property(c => c.ProgrammeKey).HasMaxLength(64);
        builder.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeKey).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.TitleZh).HasMaxLength(200);
        builder.Property(c => c.TitleEn).HasMaxLength(200);
        builder.Property(c => c.WorkflowKey).HasMaxLength(64);
        builder.HasOne<StoredWorkflow>().WithMany().HasForeignKey(c => new { c.WorkflowKey, c.WorkflowVersion }).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.HasIndex(c => c.Status);
        builder.Property(c => c.FormKey).HasMaxLength(64);
        // A pinned version is published and never deleted; the shipped ones are imported after migrations run, so the
        // rows this column named when it was added arrive at the next start-up, after the constraint would be checked.
        builder.HasIndex(c => new { c.FormKey, c.FormVersion });
        builder.HasMany(c => c.Sectors).WithOne().HasForeignKey(s => s.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.AuthorityQuotas).WithOne().HasForeignKey(q => q.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}
