using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class CallSectorConfiguration : IEntityTypeConfiguration<CallSector>
{
    public void Configure(EntityTypeBuilder<CallSector> builder)
    {
        builder.HasKey(s => new { s.CallId, s.SectorCode });
        builder.Property(s => s.SectorCode).HasMaxLength(64);
        builder.HasOne<Sector>().WithMany().HasForeignKey(s => s.SectorCode).OnDelete(DeleteBehavior.Restrict);
    }
}
