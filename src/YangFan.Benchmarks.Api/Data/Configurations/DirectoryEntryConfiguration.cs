using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class DirectoryEntryConfiguration : IEntityTypeConfiguration<DirectoryEntry>
{
    public void Configure(EntityTypeBuilder<DirectoryEntry> builder)
    {
        builder.HasIndex(x => new { x.DirectoryId, x.ApplicationId }).IsUnique();
        // A page of a version is read in credit-code order. On PostgreSQL the index carries every column, so the
        // rows an OFFSET skips are read from the index alone (an index-only scan), not from the table.
        builder.HasIndex(x => new { x.DirectoryId, x.CreditCode, x.Id })
            .IncludeProperties(x => new { x.ApplicationId, x.OrganisationName, x.Title, x.SectorCode, x.ProvinceCode, x.Batch, x.Revoked, x.RevokedReason, x.RevokedAt });
        builder.Property(x => x.OrganisationName).HasMaxLength(200);
        builder.Property(x => x.CreditCode).HasMaxLength(CreditCode.Length);
        builder.Property(x => x.Title).HasMaxLength(300);
        builder.Property(x => x.SectorCode).HasMaxLength(64);
        builder.Property(x => x.ProvinceCode).HasMaxLength(2);
        builder.Property(x => x.Batch).HasMaxLength(32);
        builder.Property(x => x.RevokedReason).HasMaxLength(1000);
    }
}
