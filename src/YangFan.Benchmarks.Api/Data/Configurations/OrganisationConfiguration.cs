using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.CreditCode).HasMaxLength(CreditCode.Length);
        builder.HasIndex(o => o.CreditCode).IsUnique();
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.ProvinceCode).HasMaxLength(2);
        builder.HasOne<Province>().WithMany().HasForeignKey(o => o.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        // No foreign key to Cities: SQLite would rebuild the table to add one. Written only after a check against them.
        builder.Property(o => o.CityCode).HasMaxLength(4);
        builder.Property(o => o.Address).HasMaxLength(300);
        builder.Property(o => o.ContactPerson).HasMaxLength(100);
        builder.Property(o => o.ContactPhone).HasMaxLength(32);
        builder.Property(o => o.Verification).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.VerificationReason).HasMaxLength(500);
        // The administrators' queue: awaiting review, oldest request first.
        builder.HasIndex(o => new { o.Verification, o.VerificationRequestedAt });
    }
}
