using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class ExpertConflictConfiguration : IEntityTypeConfiguration<ExpertConflict>
{
    public void Configure(EntityTypeBuilder<ExpertConflict> builder)
    {
        builder.HasKey(c => new { c.ExpertId, c.CreditCode });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.ExpertId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.CreditCode).HasMaxLength(CreditCode.Length);
        builder.Property(c => c.Reason).HasMaxLength(500);
    }
}
