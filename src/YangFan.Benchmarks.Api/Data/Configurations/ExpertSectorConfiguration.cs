using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class ExpertSectorConfiguration : IEntityTypeConfiguration<ExpertSector>
{
    public void Configure(EntityTypeBuilder<ExpertSector> builder)
    {
        builder.HasKey(s => new { s.UserId, s.SectorCode });
        builder.Property(s => s.SectorCode).HasMaxLength(64);
        builder.HasOne<Sector>().WithMany().HasForeignKey(s => s.SectorCode).OnDelete(DeleteBehavior.Restrict);
    }
}
