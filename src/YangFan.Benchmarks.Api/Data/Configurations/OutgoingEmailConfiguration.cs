using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class OutgoingEmailConfiguration : IEntityTypeConfiguration<OutgoingEmail>
{
    public void Configure(EntityTypeBuilder<OutgoingEmail> builder)
    {
        builder.Property(e => e.Recipient).HasMaxLength(256);
        builder.Property(e => e.Language).HasMaxLength(16);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.Event).HasMaxLength(64);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Template).HasMaxLength(64);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        // The sender's queue: the pending ones, oldest first; and the administrators' list by status.
        builder.HasIndex(e => new { e.Status, e.CreatedAt });
        builder.HasIndex(e => e.RecipientUserId);
        builder.HasIndex(e => e.SourceId);
    }
}
