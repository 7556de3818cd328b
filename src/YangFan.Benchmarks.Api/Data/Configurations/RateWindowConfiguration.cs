using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class RateWindowConfiguration : IEntityTypeConfiguration<RateWindow>
{
    public void Configure(EntityTypeBuilder<RateWindow> builder)
    {
        builder.HasKey(w => new { w.Policy, w.Partition, w.WindowStart });
        builder.Property(w => w.Policy).HasMaxLength(32);
        builder.Property(w => w.Partition).HasMaxLength(64);
        // The purge of ended windows looks them up by start.
        builder.HasIndex(w => w.WindowStart);
    }
}
