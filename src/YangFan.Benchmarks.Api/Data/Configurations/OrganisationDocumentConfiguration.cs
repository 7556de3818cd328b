using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class OrganisationDocumentConfiguration : IEntityTypeConfiguration<OrganisationDocument>
{
    public void Configure(EntityTypeBuilder<OrganisationDocument> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OrganisationClaim>().WithMany().HasForeignKey(d => d.ClaimId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.FileName).HasMaxLength(200);
        builder.Property(d => d.MediaType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.HasIndex(d => new { d.OrganisationId, d.Kind, d.UploadedAt });
        builder.HasIndex(d => d.ClaimId);
    }
}
