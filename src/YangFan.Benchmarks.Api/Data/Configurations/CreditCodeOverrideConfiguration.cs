using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class CreditCodeOverrideConfiguration : IEntityTypeConfiguration<CreditCodeOverride>
{
    public void Configure(EntityTypeBuilder<CreditCodeOverride> builder)
    {
        builder.HasKey(o => o.CreditCode);
        builder.Property(o => o.CreditCode).HasMaxLength(CreditCode.Length);
        builder.Property(o => o.Reason).HasMaxLength(500);
    }
}
