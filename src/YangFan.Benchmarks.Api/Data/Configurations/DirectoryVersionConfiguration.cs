using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class DirectoryVersionConfiguration : IEntityTypeConfiguration<DirectoryVersion>
{
    public void Configure(EntityTypeBuilder<DirectoryVersion> builder)
    {
        builder.HasOne<Call>().WithMany().HasForeignKey(d => d.CallId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.CallId, d.Number }).IsUnique();
        builder.Property(d => d.ProgrammeKey).HasMaxLength(64);
        builder.Property(d => d.TitleZh).HasMaxLength(300);
        builder.Property(d => d.TitleEn).HasMaxLength(300);
        builder.Property(d => d.ContentHash).HasMaxLength(64);
        builder.HasMany(d => d.Entries).WithOne().HasForeignKey(x => x.DirectoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
