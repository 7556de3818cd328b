using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>A business licence or authorisation letter as listed; its content is at <c>GET /api/organisation-documents/{id}</c>.</summary>
public sealed record OrganisationDocumentView(Guid Id, string Kind, string FileName, string MediaType, long Size, string Sha256,
    DateTimeOffset UploadedAt)
{
    public static OrganisationDocumentView From(OrganisationDocument d) => new(d.Id, d.Kind.ToString(), d.FileName, d.MediaType, d.Size,
        d.Sha256, d.UploadedAt);
}

public static class OrganisationDocuments
{
    /// <summary>The newest of each kind uploaded by the organisation's members (a claim's evidence is not theirs).</summary>
    public static async Task<IReadOnlyList<OrganisationDocument>> CurrentAsync(AppDbContext db, Guid organisationId, CancellationToken ct)
    {
        var all = await db.OrganisationDocuments.AsNoTracking()
            .Where(d => d.OrganisationId == organisationId && d.ClaimId == null)
            .OrderByDescending(d => d.UploadedAt).ThenByDescending(d => d.Id).ToListAsync(ct);
        return all.GroupBy(d => d.Kind).Select(g => g.First()).OrderBy(d => d.Kind).ToList();
    }

    /// <summary>The kinds a verification or claim needs that are not among <paramref name="documents"/>.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<OrganisationDocument> documents) =>
        Enum.GetValues<OrganisationDocumentKind>().Except(documents.Select(d => d.Kind)).Select(k => k.ToString()).ToList();
}
