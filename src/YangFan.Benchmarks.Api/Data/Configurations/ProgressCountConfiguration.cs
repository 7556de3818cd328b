using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class ProgressCountConfiguration : IEntityTypeConfiguration<ProgressCount>
{
    public void Configure(EntityTypeBuilder<ProgressCount> builder)
    {
        builder.HasKey(c => new { c.ProgrammeKey, c.SectorKey, c.WorkflowKey, c.WorkflowVersion, c.State });
        builder.Property(c => c.ProgrammeKey).HasMaxLength(64);
        builder.Property(c => c.SectorKey).HasMaxLength(64);
        builder.Property(c => c.WorkflowKey).HasMaxLength(64);
        builder.Property(c => c.State).HasMaxLength(64);
    }
}
