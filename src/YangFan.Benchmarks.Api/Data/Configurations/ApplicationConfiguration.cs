using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Data.Configurations;

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> builder)
    {
        builder.Ignore(a => a.ShownVersion);
        builder.Property(a => a.ProgrammeKey).HasMaxLength(64);
        builder.Property(a => a.WorkflowKey).HasMaxLength(64);
        builder.Property(a => a.State).HasMaxLength(64);
        builder.HasOne<Call>().WithMany().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoredWorkflow>().WithMany().HasForeignKey(a => new { a.WorkflowKey, a.WorkflowVersion }).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.WorkflowKey, a.WorkflowVersion, a.State });
        builder.Property(a => a.SectorCode).HasMaxLength(64);
        builder.HasOne<Sector>().WithMany().HasForeignKey(a => a.SectorCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.SectorKey).HasMaxLength(64);
        // One application per organisation per call and sector (benchmarks) or per call (others, sector key ""); where
        // the programme allows several (a supplier's solutions), each has its own slot, its id.
        builder.Property(a => a.Slot).HasMaxLength(36);
        builder.HasIndex(a => new { a.CallId, a.OrganisationId, a.SectorKey, a.Slot }).IsUnique();
        // The target-ceiling count (programme, sector, selected states) and the progress counts read only this index.
        builder.HasIndex(a => new { a.ProgrammeKey, a.SectorCode, a.State, a.WorkflowKey, a.WorkflowVersion });
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.HasIndex(a => new { a.SubmittedAt, a.Id });
        // The listing's order (ListApplications): each index reads a page from any cursor in order, unfiltered, by
        // call or by state; other filters are checked on the rows read.
        builder.HasIndex(a => new { a.ListingTime, a.Id });
        builder.HasIndex(a => new { a.CallId, a.ListingTime, a.Id });
        builder.HasIndex(a => new { a.State, a.ListingTime, a.Id });
        builder.Property(a => a.SubmittedOrganisationName).HasMaxLength(200);
        builder.Property(a => a.SubmittedProvinceCode).HasMaxLength(2);
        builder.Property(a => a.SubmittedCityCode).HasMaxLength(4);
        builder.Property(a => a.RecommendingAuthority).HasMaxLength(RecommendingAuthority.MaxKeyLength);
        // The quota guard counts one authority's recommendations in one call from this index alone.
        builder.HasIndex(a => new { a.CallId, a.RecommendingAuthority });
    }
}
