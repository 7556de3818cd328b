using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.HasOne<Call>().WithMany().HasForeignKey(n => n.CallId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Entries).WithOne().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => n.EndsAt);
    }
}
