using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.Role).HasMaxLength(32);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(16).HasDefaultValue("zh-CN");
        builder.HasIndex(u => u.Role);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(u => u.JurisdictionProvinceCode).HasMaxLength(2);
        builder.HasOne<Province>().WithMany().HasForeignKey(u => u.JurisdictionProvinceCode).OnDelete(DeleteBehavior.Restrict);
        // No foreign key to Cities: SQLite would rebuild the table to add one. Written only after a check against them.
        builder.Property(u => u.JurisdictionCityCode).HasMaxLength(4);
        builder.Property(u => u.JurisdictionNationalBody).HasMaxLength(200);
        builder.Property(u => u.AffiliationCreditCode).HasMaxLength(CreditCode.Length);
        builder.Property(u => u.ExpertProvinceCode).HasMaxLength(2);
        builder.HasOne<Province>().WithMany().HasForeignKey(u => u.ExpertProvinceCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(u => u.ExpertSectors).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
