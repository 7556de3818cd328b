using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace YangFan.Benchmarks.Api.Data.Configurations;

/// <summary>PostgreSQL only: <see cref="SqliteAppDbContext"/> leaves it out of its model (docs/decisions/0024).</summary>
internal sealed class ReviewAggregateConfiguration : IEntityTypeConfiguration<ReviewAggregate>
{
    public void Configure(EntityTypeBuilder<ReviewAggregate> builder)
    {
        builder.HasKey(r => r.ApplicationId);
        builder.HasOne<Application>().WithOne().HasForeignKey<ReviewAggregate>(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Sector).HasMaxLength(64);
        builder.Property(r => r.Score).HasPrecision(9, 2);
        builder.Property(r => r.StdDev).HasPrecision(9, 2);
        // A page of a sector's ranking is one range of this index, in rank order (no score last): nothing is aggregated or
        // sorted on the request.
        builder.HasIndex(r => new { r.CallId, r.Sector, r.Score, r.Reviews, r.ApplicationId })
            .IsDescending(false, false, true, true, false)
            .HasNullSortOrder(NullSortOrder.NullsLast, NullSortOrder.NullsLast, NullSortOrder.NullsLast, NullSortOrder.NullsLast, NullSortOrder.NullsLast)
            .HasFilter("\"Ranked\"")
            .HasDatabaseName("IX_ReviewAggregates_Ranking");
    }
}
