using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class StoredWorkflowConfiguration : IEntityTypeConfiguration<StoredWorkflow>
{
    public void Configure(EntityTypeBuilder<StoredWorkflow> builder)
    {
        builder.HasKey(w => new { w.Key, w.Version });
        builder.Property(w => w.Key).HasMaxLength(64);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.TitleZh).HasMaxLength(200);
        builder.Property(w => w.TitleEn).HasMaxLength(200);
        builder.Property(w => w.ContentHash).HasMaxLength(64);
        builder.Property(w => w.Source).HasMaxLength(16);
    }
}
