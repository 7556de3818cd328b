using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.HasOne<Application>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Call>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ExpertId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ApplicationId, r.Round, r.ExpertId }).IsUnique();
        builder.HasIndex(r => new { r.ExpertId, r.CallId, r.Status });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Scores).HasMaxLength(4000);
        builder.Property(r => r.WeightedTotal).HasPrecision(9, 4);
        builder.Property(r => r.Comment).HasMaxLength(4000);
        builder.Property(r => r.Recommendation).HasMaxLength(32);
        builder.Property(r => r.EndedReason).HasMaxLength(500);
    }
}
