using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class EmailOptOutConfiguration : IEntityTypeConfiguration<EmailOptOut>
{
    public void Configure(EntityTypeBuilder<EmailOptOut> builder)
    {
        builder.HasKey(o => new { o.UserId, o.Event });
        builder.Property(o => o.Event).HasMaxLength(64);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
