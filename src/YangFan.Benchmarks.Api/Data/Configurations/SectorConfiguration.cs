using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class SectorConfiguration : IEntityTypeConfiguration<Sector>
{
    public void Configure(EntityTypeBuilder<Sector> builder)
    {
        builder.HasKey(s => s.Code);
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.Property(s => s.NameZh).HasMaxLength(100);
        builder.Property(s => s.NameEn).HasMaxLength(200);
        builder.Property(s => s.Group).HasMaxLength(64);
        builder.Property(s => s.GroupZh).HasMaxLength(100);
    }
}
