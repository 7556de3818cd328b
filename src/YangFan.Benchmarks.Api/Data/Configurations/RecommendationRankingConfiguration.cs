using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class RecommendationRankingConfiguration : IEntityTypeConfiguration<RecommendationRanking>
{
    public void Configure(EntityTypeBuilder<RecommendationRanking> builder)
    {
        builder.HasKey(r => new { r.CallId, r.Authority });
        builder.Property(r => r.Authority).HasMaxLength(RecommendingAuthority.MaxKeyLength);
        builder.HasOne<Call>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Cascade);
        // A primitive collection: uuid[] on PostgreSQL, a JSON array on SQLite. The ids are not foreign keys: the order
        // is read through the applications that stand as recommendations, so one deleted or moved on simply drops out.
        builder.Property(r => r.Order);
    }
}
