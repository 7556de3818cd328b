using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.HasOne<Application>().WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Kind).HasMaxLength(64);
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.MediaType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.HasIndex(a => a.ApplicationId);
    }
}
