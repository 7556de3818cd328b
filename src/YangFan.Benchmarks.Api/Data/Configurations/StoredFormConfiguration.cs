using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class StoredFormConfiguration : IEntityTypeConfiguration<StoredForm>
{
    public void Configure(EntityTypeBuilder<StoredForm> builder)
    {
        builder.HasKey(f => new { f.Key, f.Version });
        builder.Property(f => f.Key).HasMaxLength(64);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Programme).HasMaxLength(64);
        builder.HasIndex(f => new { f.Programme, f.Status });
        builder.Property(f => f.TitleZh).HasMaxLength(200);
        builder.Property(f => f.TitleEn).HasMaxLength(200);
        builder.Property(f => f.ContentHash).HasMaxLength(64);
        builder.Property(f => f.Source).HasMaxLength(16);
        builder.Property(f => f.TemplateHashes).HasMaxLength(4000);
    }
}
