using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.RecipientRole).HasMaxLength(32);
        builder.Property(n => n.Message).HasMaxLength(1000);
        builder.HasIndex(n => new { n.RecipientRole, n.CreatedAt });
        builder.HasIndex(n => n.RecipientUserId);
    }
}
