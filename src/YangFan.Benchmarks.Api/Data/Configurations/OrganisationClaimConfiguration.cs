using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class OrganisationClaimConfiguration : IEntityTypeConfiguration<OrganisationClaim>
{
    public void Configure(EntityTypeBuilder<OrganisationClaim> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.ClaimantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Statement).HasMaxLength(2000);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.DecisionReason).HasMaxLength(500);
        // One pending claim per claimant and organisation; the administrators' list reads by status, oldest first.
        builder.HasIndex(c => new { c.OrganisationId, c.ClaimantId }).IsUnique().HasFilter("\"Status\" = 'Pending'");
        builder.HasIndex(c => new { c.Status, c.FiledAt });
    }
}
