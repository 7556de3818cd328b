using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> builder)
    {
        builder.HasOne<Application>().WithMany().HasForeignKey(t => t.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Call>().WithMany().HasForeignKey(t => t.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.CallId);
        builder.Property(t => t.State).HasMaxLength(64);
        builder.Property(t => t.Trigger).HasMaxLength(64);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Outcome).HasMaxLength(1000);
        builder.HasIndex(t => new { t.Status, t.DueAt });
        builder.HasIndex(t => t.ApplicationId);
    }
}
