using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
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

    // A PDF is drawn by the browser's own viewer, which a sandbox stops (Chromium shows nothing) and which needs its
    // synthetic page's inline styles; an image needs neither, so it is sandboxed. Nothing else loads, and only this
    // site may frame either.
    private const string PdfPolicy = "default-src 'none'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'";
    private const string ImagePolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";

    /// <summary>Whether <c>?inline=</c> asks to view the file in the browser: <c>1</c> or <c>true</c>.</summary>
    public static bool InlineAsked(string? inline) => inline == "1" || string.Equals(inline, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file as a response, for the API and the pages alike. A download (<c>Content-Disposition: attachment</c>)
    /// unless <paramref name="inline"/> asks to view it and its stored type, detected from its bytes at upload and never
    /// from its name, is one a browser shows safely (PDF, PNG, JPEG): then <c>inline</c>, under a restrictive
    /// Content-Security-Policy. Never sniffed.
    /// </summary>
    public static FileStreamHttpResult Serve(HttpResponse response, Attachment attachment, string fileName, Stream content, bool inline)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        if (!inline || !FileSignature.ViewableInBrowser(attachment.MediaType))
            return TypedResults.File(content, attachment.MediaType, fileName);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.ContentSecurityPolicy = attachment.MediaType == FileSignature.Pdf.MediaType ? PdfPolicy : ImagePolicy;
        // Without a download name the result leaves the disposition above as it is.
        return TypedResults.File(content, attachment.MediaType);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, string? inline, ISender sender,
                HttpResponse response, CancellationToken ct) =>
            {
                var (attachment, fileName, content) = await sender.Send(new Query(id, attachmentId), ct);
                return Serve(response, attachment, fileName, content, InlineAsked(inline));
            })
            .ProducesFile(EndpointConventions.StoredFileTypes)
            .WithName("DownloadAttachment")
            .WithSummary("Streams an attachment: a download (Content-Disposition: attachment), or with ?inline=1 shown in the browser "
                + "(Content-Disposition: inline, a restrictive Content-Security-Policy) when its stored type is PDF, PNG or JPEG.")
            .WithProblems(401, 404);
}
