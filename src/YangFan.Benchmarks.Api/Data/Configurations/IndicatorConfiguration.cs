using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.HasKey(i => i.Code);
        builder.Property(i => i.Code).HasMaxLength(64);
        builder.Property(i => i.NameZh).HasMaxLength(200);
        builder.Property(i => i.NameEn).HasMaxLength(300);
        builder.Property(i => i.Unit).HasMaxLength(32);
        builder.Property(i => i.Target).HasPrecision(18, 4);
        builder.HasMany(i => i.Observations).WithOne().HasForeignKey(o => o.IndicatorCode).OnDelete(DeleteBehavior.Restrict);
    }
}
