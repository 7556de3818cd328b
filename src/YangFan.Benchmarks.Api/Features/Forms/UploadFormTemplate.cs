using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class UploadFormTemplate
{
    public sealed record Command(string Key, int Version, string Kind, Upload File) : ICommand<Response>;

    /// <summary>The template now recorded for the kind: the SHA-256 of its bytes.</summary>
    public sealed record Response(string Key, int Version, string Kind, string Sha256, long Size);

    /// <summary>The multipart/form-data field of an upload.</summary>
    /// <param name="File">The template: an XLSX, DOCX or PDF file, the type the definition's template name says.</param>
    public sealed record Form(IFormFile File);

    /// <remarks>
    /// Only a draft takes a template: a published version serves the bytes it was published with, forever. Uploading
    /// again replaces the draft's template.
    /// </remarks>
    public sealed class Handler(AppDbContext db, IFileStore files, StorageOptions storage, AuditTrail audit) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var stored = await db.Forms.AsNoTracking().FirstOrDefaultAsync(f => f.Key == command.Key && f.Version == command.Version, ct)
                ?? throw ProblemException.NotFound($"Form {command.Key} v{command.Version}");
            if (stored.Status != FormVersionStatus.Draft)
                throw ProblemException.FormVersionPublished(stored.Key, stored.Version);
            var attachment = FormLoader.Parse(stored.Content).Definition?.Attachments.FirstOrDefault(a => a.Kind == command.Kind)
                ?? throw ProblemException.NotFound($"Attachment kind '{command.Kind}' in form {command.Key} v{command.Version}");
            if (attachment.Template is null)
                throw ProblemException.NoTemplateDeclared(stored.Key, stored.Version, command.Kind);
            var type = FormTemplates.UploadableType(attachment.Template) ?? throw ProblemException.UnsupportedFileType(
                $"The template '{attachment.Template}' is no XLSX, DOCX or PDF file and cannot be uploaded; name one of these in a new draft.");

            var file = await FileIntake.StoreAsync(files, storage, command.File, ct, only: type);
            var hashes = new SortedDictionary<string, string>(FormTemplates.Read(stored).ToDictionary(), StringComparer.Ordinal)
            {
                [command.Kind] = file.Sha256,
            };
            var serialized = FormTemplates.Serialize(hashes);
            // One statement that checks the version is still the draft read: a publish (or another upload) in between
            // wins, and this upload changes nothing.
            var updated = await db.Forms
                .Where(f => f.Key == stored.Key && f.Version == stored.Version && f.Status == FormVersionStatus.Draft && f.TemplateHashes == stored.TemplateHashes)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.TemplateHashes, serialized), ct);
            if (updated == 0)
                throw ProblemException.ConcurrencyConflict();
            audit.Record("form.template-uploaded", "Form", $"{stored.Key}/v{stored.Version}", new { command.Kind, file.Sha256, file.Size });
            return new Response(stored.Key, stored.Version, command.Kind, file.Sha256, file.Size);
        }
    }

    public static void Map(RouteGroupBuilder group, StorageOptions storage) =>
        group.MapPut("/{key:maxlength(64)}/versions/{version:int:range(1,100000)}/templates/{kind:maxlength(64)}",
                async (string key, int version, string kind, HttpRequest request, ISender sender, CancellationToken ct) =>
                {
                    var form = await MultipartForm.ReadAsync(request, "field 'file'", ct);
                    var file = FileIntake.ReadFile(form, "file", storage);
                    return TypedResults.Ok(await sender.Send(new Command(key, version, kind, file), ct));
                })
            .WithMetadata(new BodySizeLimit(storage.MaxAttachmentBytes + 64 * 1024))
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("UploadFormTemplate")
            .WithSummary("Uploads (or replaces) the template file of an attachment kind of a draft form version: XLSX, DOCX or PDF, " +
                         "the type its template name says (form field: file; admin only). A published version is refused: versions never change.")
            .WithProblems(400, 401, 403, 404, 409, 413, 415, 422);
}
