using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class NationalBodyMembershipConfiguration : IEntityTypeConfiguration<NationalBodyMembership>
{
    public void Configure(EntityTypeBuilder<NationalBodyMembership> builder)
    {
        builder.HasKey(m => new { m.NationalBody, m.OrganisationId });
        builder.Property(m => m.NationalBody).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
