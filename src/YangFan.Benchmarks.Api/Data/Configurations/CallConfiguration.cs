using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.Property(c => c.ProgrammeKey).HasMaxLength(64);
        builder.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeKey).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.TitleZh).HasMaxLength(200);
        builder.Property(c => c.TitleEn).HasMaxLength(200);
        builder.Property(c => c.WorkflowKey).HasMaxLength(64);
        builder.HasOne<StoredWorkflow>().WithMany().HasForeignKey(c => new { c.WorkflowKey, c.WorkflowVersion }).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.HasIndex(c => c.Status);
        builder.Property(c => c.RequiredAttachmentKinds)
            .HasConversion(
                kinds => string.Join(",", kinds),
                text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<AttachmentKind>).ToList(),
                new ValueComparer<List<AttachmentKind>>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, k) => HashCode.Combine(h, k)), v => v.ToList()))
            .HasMaxLength(200);
        builder.HasMany(c => c.Sectors).WithOne().HasForeignKey(s => s.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}
