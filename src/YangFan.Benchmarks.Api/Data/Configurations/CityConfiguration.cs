using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class CityConfiguration : IEntityTypeConfiguration<City>
{
    public void Configure(EntityTypeBuilder<City> builder)
    {
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(4);
        builder.Property(c => c.NameZh).HasMaxLength(50);
        builder.Property(c => c.NameEn).HasMaxLength(100);
        builder.Property(c => c.ProvinceCode).HasMaxLength(2);
        builder.HasOne<Province>().WithMany().HasForeignKey(c => c.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
    }
}
