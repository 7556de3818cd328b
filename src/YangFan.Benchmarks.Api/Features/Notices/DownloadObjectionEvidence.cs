using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class DownloadObjectionEvidence
{
    /// <summary>A command, not a query: reading evidence is audited, in the pipeline's transaction.</summary>
    public sealed record Query(Guid ObjectionId) : ICommand<(Objection Objection, Stream Content)>;

    public sealed class Handler(AppDbContext db, IFileStore files, AuditTrail audit) : ICommandHandler<Query, (Objection, Stream)>
    {
        public async ValueTask<(Objection, Stream)> Handle(Query query, CancellationToken ct)
        {
            var objection = await db.Objections.AsNoTracking().FirstOrDefaultAsync(o => o.Id == query.ObjectionId, ct)
                ?? throw ProblemException.NotFound("The objection");
            if (objection.EvidenceSha256 is null)
                throw ProblemException.NotFound("Evidence for this objection");
            // Evidence can name the objector; who read it is recorded, like every other access to personal data here.
            audit.Record("objection.evidence-read", "Objection", objection.Id, new { objection.EvidenceSha256 });
            return (objection, await files.OpenAsync(objection.EvidenceSha256, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/evidence", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var (objection, content) = await sender.Send(new Query(id), ct);
                return Serve(response, objection, content);
            })
            .ProducesFile(EndpointConventions.StoredFileTypes)
            .WithName("DownloadObjectionEvidence")
            .WithSummary("Streams an objection's evidence file as a download (admin only, audited).")
            .WithProblems(401, 403, 404);

    /// <summary>The evidence as a download that is never sniffed or cached (the API's endpoint and the console's page route).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.FileStreamHttpResult Serve(HttpResponse response, Objection objection, Stream content)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(content, objection.EvidenceMediaType ?? "application/octet-stream", objection.EvidenceFileName);
    }
}
