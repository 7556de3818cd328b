using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// A business licence or authorisation letter as a download: administrators any; an organisation's members its own
/// uploads; a claimant the evidence of their claim. Everyone else gets 404.
/// </summary>
public static class DownloadOrganisationDocument
{
    public sealed record Query(Guid DocumentId) : IQuery<(OrganisationDocument Document, Stream Content)>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files) : IQueryHandler<Query, (OrganisationDocument, Stream)>
    {
        public async ValueTask<(OrganisationDocument, Stream)> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var document = await db.OrganisationDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == query.DocumentId, ct);
            var allowed = document is not null && (user.Role == Roles.Admin || (document.ClaimId is { } claimId
                ? await db.OrganisationClaims.AnyAsync(c => c.Id == claimId && c.ClaimantId == me, ct)
                : await db.OrganisationMemberships.AnyAsync(m => m.OrganisationId == document.OrganisationId && m.UserId == me && m.EndedAt == null, ct)));
            if (!allowed)
                throw ProblemException.NotFound("The document");
            return (document!, await files.OpenAsync(document!.Sha256, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var (document, content) = await sender.Send(new Query(id), ct);
                response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(content, document.MediaType, document.FileName);
            })
            .ProducesFile(EndpointConventions.StoredFileTypes)
            .WithName("DownloadOrganisationDocument")
            .WithSummary("Streams a business licence or authorisation letter (administrators; the organisation's members; the claimant for a claim's evidence).")
            .WithProblems(401, 404);
}
