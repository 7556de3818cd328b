using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> builder)
    {
        builder.HasOne<Notice>().WithMany().HasForeignKey(o => o.NoticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Application>().WithMany().HasForeignKey(o => o.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(o => o.ReceiptNumber).HasMaxLength(20);
        builder.HasIndex(o => o.ReceiptNumber).IsUnique();
        builder.Property(o => o.ObjectorName).HasMaxLength(100);
        builder.Property(o => o.Contact).HasMaxLength(200);
        builder.Property(o => o.Reason).HasMaxLength(4000);
        builder.Property(o => o.EvidenceSha256).HasMaxLength(64);
        builder.Property(o => o.EvidenceFileName).HasMaxLength(200);
        builder.Property(o => o.EvidenceMediaType).HasMaxLength(100);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Resolution).HasMaxLength(2000);
        builder.HasIndex(o => new { o.ApplicationId, o.Status });
        builder.Property(o => o.Email).HasMaxLength(256);
        builder.Property(o => o.Language).HasMaxLength(16).HasDefaultValue("zh-CN");
        builder.Property(o => o.ConfirmationCodeHash).HasMaxLength(64);
        // How many objections one address holds open on a notice.
        builder.HasIndex(o => new { o.NoticeId, o.Email });
    }
}
