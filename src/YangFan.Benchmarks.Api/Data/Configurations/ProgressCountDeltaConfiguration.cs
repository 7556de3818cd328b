using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class ProgressCountDeltaConfiguration : IEntityTypeConfiguration<ProgressCountDelta>
{
    public void Configure(EntityTypeBuilder<ProgressCountDelta> builder)
    {
        // Appended by the database's triggers on "Applications" (the ProgressCountsMaintained migration), never by EF Core.
        builder.Property(d => d.Id).ValueGeneratedOnAdd();
        builder.Property(d => d.ProgrammeKey).HasMaxLength(64);
        builder.Property(d => d.SectorKey).HasMaxLength(64);
        builder.Property(d => d.WorkflowKey).HasMaxLength(64);
        builder.Property(d => d.State).HasMaxLength(64);
    }
}
