using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>An attachment's description (never its storage location).</summary>
public sealed record AttachmentView(Guid Id, AttachmentKind Kind, string FileName, string MediaType, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    public static AttachmentView From(Attachment a) => new(a.Id, a.Kind, a.FileName, a.MediaType, a.Size, a.Sha256, a.UploadedAt);
}

/// <summary>
/// The attachments a caller may see, each under the name it is shown by. In a blind review an expert must not learn
/// the applicant from them: the kinds that name the organisation are withheld, and the rest are shown under neutral
/// names, "附件-1.pdf", "附件-2.docx", numbered in upload order. Everyone else sees every attachment as uploaded.
/// </summary>
public static class VisibleAttachments
{
    /// <summary>
    /// Kinds that name the applicant by their nature: the business licence (name, credit code, legal representative)
    /// and the recommendation letter (the recommending authority names whom it recommends). An application form
    /// and other attachments are the work under review; the applicant must keep their own name out of them.
    /// </summary>
    public static readonly IReadOnlySet<AttachmentKind> Identifying =
        new HashSet<AttachmentKind> { AttachmentKind.BusinessLicence, AttachmentKind.RecommendationLetter };

    public const string NeutralStem = "附件-";

    public static async Task<IReadOnlyList<(Attachment Attachment, string FileName)>> ForAsync(AppDbContext db, ICurrentUser user,
        WorkflowRuntime runtime, Application application, CancellationToken ct)
    {
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.ApplicationId == application.Id)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id).ToListAsync(ct);
        var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
        if (!ApplicationAccess.IsBlindFor(user, workflow))
            return attachments.Select(a => (a, a.FileName)).ToList();
        // The stored name always ends in the extension of the type detected from the bytes, never the client's.
        return attachments.Where(a => !Identifying.Contains(a.Kind))
            .Select((a, i) => (a, $"{NeutralStem}{i + 1}{Path.GetExtension(a.FileName)}")).ToList();
    }
}

public static class UploadAttachment
{
    public sealed record Command(Guid ApplicationId, AttachmentKind Kind, string? FileName, byte[] Content) : ICommand<AttachmentView>;

    /// <summary>The multipart/form-data fields of an upload, as the endpoint reads them.</summary>
    /// <param name="Kind">What the file is.</param>
    /// <param name="File">A PDF, PNG, JPEG, DOCX or XLSX file.</param>
    public sealed record Form(AttachmentKind Kind, IFormFile File);

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files, StorageOptions storage, AuditTrail audit,
        TimeProvider time) : ICommandHandler<Command, AttachmentView>
    {
        public async ValueTask<AttachmentView> Handle(Command command, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, command.ApplicationId, ct);
            if (user.Role != Roles.Applicant)
                throw ProblemException.Forbidden("Only the applicant organisation adds attachments.");
            if (application.State != "Draft")
                // The state is not named: an applicant must not learn of a staged decision from an error.
                throw ProblemException.Conflict("Attachments can only be added while the application is a draft.");

            var file = await FileIntake.StoreAsync(files, storage, command.Content, command.FileName, ct);
            var attachment = new Attachment
            {
                Id = Guid.NewGuid(),
                ApplicationId = application.Id,
                Kind = command.Kind,
                FileName = file.FileName,
                MediaType = file.MediaType,
                Size = file.Size,
                Sha256 = file.Sha256,
                UploadedBy = user.RequireId(),
                UploadedAt = time.GetUtcNow(),
            };
            db.Attachments.Add(attachment);
            audit.Record("attachment.uploaded", "Application", application.Id,
                new { attachment.Id, attachment.Kind, attachment.FileName, attachment.Sha256, attachment.Size });
            return AttachmentView.From(attachment);
        }
    }

    public static void Map(RouteGroupBuilder group, StorageOptions storage) =>
        group.MapPost("/{id:guid}/attachments", async (Guid id, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                var form = await MultipartForm.ReadAsync(request, "fields 'kind' and 'file'", ct);
                var file = form.Files.GetFile("file") ?? throw ProblemException.Invalid("file", "A file is required.");
                if (!Enum.TryParse<AttachmentKind>(form["kind"].ToString(), ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
                    throw ProblemException.Invalid("kind", $"Must be one of: {string.Join(", ", Enum.GetNames<AttachmentKind>())}.");
                if (file.Length > storage.MaxAttachmentBytes)
                    throw new BadHttpRequestException($"The file is {file.Length} bytes; the limit is {storage.MaxAttachmentBytes} bytes.",
                        StatusCodes.Status413PayloadTooLarge);
                if (file.Length == 0)
                    throw ProblemException.Invalid("file", "The file is empty.");
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                var attachment = await sender.Send(new Command(id, kind, file.FileName, buffer.ToArray()), ct);
                return TypedResults.Created($"/api/applications/{id}/attachments/{attachment.Id}", attachment);
            })
            .WithMetadata(new BodySizeLimit(storage.MaxAttachmentBytes + 64 * 1024))
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("UploadAttachment")
            .WithSummary("Adds a PDF, PNG, JPEG, DOCX or XLSX file to a draft application (form fields: kind, file).")
            .WithProblems(401, 403, 404, 409, 413, 415);
}

public static class ListAttachments
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<AttachmentView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime)
        : IQueryHandler<Query, IReadOnlyList<AttachmentView>>
    {
        public async ValueTask<IReadOnlyList<AttachmentView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            var attachments = await VisibleAttachments.ForAsync(db, user, runtime, application, ct);
            return attachments.Select(v => AttachmentView.From(v.Attachment) with { FileName = v.FileName }).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/attachments", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListAttachments")
            .WithSummary("The application's attachments. Experts of a blind review get neutral names and no business licence or recommendation letter.")
            .WithProblems(401, 404);
}

public static class DownloadAttachment
{
    public sealed record Query(Guid ApplicationId, Guid AttachmentId) : IQuery<(Attachment Attachment, string FileName, Stream Content)>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files, WorkflowRuntime runtime)
        : IQueryHandler<Query, (Attachment, string, Stream)>
    {
        public async ValueTask<(Attachment, string, Stream)> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            // The same list the caller sees: a withheld attachment is as missing as one of another application.
            var (attachment, fileName) = (await VisibleAttachments.ForAsync(db, user, runtime, application, ct))
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

public static class DeleteAttachment
{
    public sealed record Command(Guid ApplicationId, Guid AttachmentId) : ICommand;

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, command.ApplicationId, ct);
            var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == command.AttachmentId && a.ApplicationId == application.Id, ct)
                ?? throw ProblemException.NotFound("The attachment");
            if (user.Role != Roles.Applicant)
                throw ProblemException.Forbidden("Only the applicant organisation removes attachments.");
            if (application.State != "Draft")
                throw ProblemException.Conflict("Attachments can only be removed while the application is a draft.");
            db.Attachments.Remove(attachment);
            audit.Record("attachment.deleted", "Application", application.Id, new { attachment.Id, attachment.FileName });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, attachmentId), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAttachment")
            .WithSummary("Removes an attachment from a draft application.")
            .WithProblems(401, 403, 404, 409);
}
