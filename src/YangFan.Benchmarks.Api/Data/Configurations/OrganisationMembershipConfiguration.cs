using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class OrganisationMembershipConfiguration : IEntityTypeConfiguration<OrganisationMembership>
{
    public void Configure(EntityTypeBuilder<OrganisationMembership> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.EndReason).HasConversion<string>().HasMaxLength(32);
        // A person belongs to one organisation at a time; an organisation has one owner at a time.
        builder.HasIndex(m => m.UserId).IsUnique().HasFilter("\"EndedAt\" IS NULL");
        builder.HasIndex(m => m.OrganisationId).IsUnique().HasFilter("\"EndedAt\" IS NULL AND \"Role\" = 'Owner'")
            .HasDatabaseName("IX_OrganisationMemberships_OneOwner");
        builder.HasIndex(m => new { m.OrganisationId, m.JoinedAt });
    }
}
