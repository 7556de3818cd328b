using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class NoticeEntryConfiguration : IEntityTypeConfiguration<NoticeEntry>
{
    public void Configure(EntityTypeBuilder<NoticeEntry> builder)
    {
        builder.HasKey(x => new { x.NoticeId, x.ApplicationId });
        builder.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
