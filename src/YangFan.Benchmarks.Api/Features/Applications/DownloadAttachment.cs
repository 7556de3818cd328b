using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class DownloadAttachment
{
    public sealed record Query(Guid ApplicationId, Guid AttachmentId) : IQuery<(Attachment Attachment, string FileName, Stream Content)>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files, WorkflowRuntime runtime, FormLibrary forms)
        : IQueryHandler<Query, (Attachment, string, Stream)>
    {
        public async ValueTask<(Attachment, string, Stream)> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            // The same list the caller sees: a withheld attachment is as missing as one of another application.
            var (attachment, fileName) = (await VisibleAttachments.ForAsync(db, user, runtime, forms, application, ct))
                .FirstOrDefault(v => v.Attachment.Id == query.AttachmentId);
            if (attachment is null)
                throw ProblemException.NotFound("The attachment");
            return (attachment, fileName, await files.OpenAsync(attachment.Sha256, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ISender sender, HttpResponse response,
                CancellationToken ct) =>
            {
                var (attachment, fileName, content) = await sender.Send(new Query(id, attachmentId), ct);
                response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(content, attachment.MediaType, fileName);
            })
            .ProducesFile(EndpointConventions.StoredFileTypes)
            .WithName("DownloadAttachment")
            .WithSummary("Streams an attachment as a download (Content-Disposition: attachment).")
            .WithProblems(401, 404);
}
