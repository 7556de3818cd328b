using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class CallAuthorityQuotaConfiguration : IEntityTypeConfiguration<CallAuthorityQuota>
{
    public void Configure(EntityTypeBuilder<CallAuthorityQuota> builder)
    {
        builder.HasKey(q => new { q.CallId, q.Authority });
        builder.Property(q => q.Authority).HasMaxLength(RecommendingAuthority.MaxKeyLength);
        builder.ToTable(t => t.HasCheckConstraint("CK_CallAuthorityQuotas_Quota", "\"Quota\" >= 0"));
    }
}
