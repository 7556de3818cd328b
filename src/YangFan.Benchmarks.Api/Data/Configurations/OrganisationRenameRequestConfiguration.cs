using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class OrganisationRenameRequestConfiguration : IEntityTypeConfiguration<OrganisationRenameRequest>
{
    public void Configure(EntityTypeBuilder<OrganisationRenameRequest> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.CurrentName).HasMaxLength(200);
        builder.Property(r => r.RequestedName).HasMaxLength(200);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.DecisionReason).HasMaxLength(500);
        // At most one pending request per organisation; the list for administrators reads by status.
        builder.HasIndex(r => r.OrganisationId).IsUnique().HasFilter("\"Status\" = 'Pending'");
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
    }
}
