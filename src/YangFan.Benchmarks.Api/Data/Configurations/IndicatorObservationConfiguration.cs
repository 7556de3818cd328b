using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class IndicatorObservationConfiguration : IEntityTypeConfiguration<IndicatorObservation>
{
    public void Configure(EntityTypeBuilder<IndicatorObservation> builder)
    {
        builder.Property(o => o.Period).HasMaxLength(32);
        builder.Property(o => o.Region).HasMaxLength(32);
        builder.Property(o => o.Source).HasMaxLength(500);
        builder.Property(o => o.Note).HasMaxLength(500);
        builder.Property(o => o.Value).HasPrecision(18, 4);
        builder.HasIndex(o => new { o.IndicatorCode, o.Period, o.Region, o.Source }).IsUnique();
    }
}
