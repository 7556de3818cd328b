using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// A member uploads the organisation's business licence (营业执照) or authorisation letter (授权书), as PDF, PNG or
/// JPEG, typed by its bytes like application attachments and kept in the same file store. A new upload of a kind
/// supersedes the earlier one, which stays. Verification is asked for separately (<see cref="RequestVerification"/>).
/// </summary>
public static class UploadOrganisationDocument
{
    public sealed record Command(Guid OrganisationId, OrganisationDocumentKind Kind, Upload File)
        : ICommand<OrganisationDocumentView>;

    /// <summary>The multipart/form-data fields of an upload.</summary>
    /// <param name="Kind">BusinessLicence or AuthorisationLetter.</param>
    /// <param name="File">A PDF, PNG or JPEG file.</param>
    public sealed record Form(OrganisationDocumentKind Kind, IFormFile File);

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files, StorageOptions storage, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, OrganisationDocumentView>
    {
        public async ValueTask<OrganisationDocumentView> Handle(Command command, CancellationToken ct)
        {
            var organisation = await Memberships.LoadAsMemberAsync(db, user, command.OrganisationId, ct);
            var file = await FileIntake.StoreAsync(files, storage, command.File, ct, scansOnly: true);
            var document = new OrganisationDocument
            {
                Id = Guid.NewGuid(), OrganisationId = organisation.Id, Kind = command.Kind, FileName = file.FileName, MediaType = file.MediaType,
                Size = file.Size, Sha256 = file.Sha256, UploadedBy = user.RequireId(), UploadedAt = time.GetUtcNow(),
            };
            db.OrganisationDocuments.Add(document);
            audit.Record("organisation.document-uploaded", "Organisation", organisation.Id,
                new { document.Id, document.Kind, document.FileName, document.Sha256, document.Size });
            return OrganisationDocumentView.From(document);
        }
    }

    public static void Map(RouteGroupBuilder group, StorageOptions storage) =>
        group.MapPost("/{id:guid}/documents", async (Guid id, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                var form = await MultipartForm.ReadAsync(request, "fields 'kind' and 'file'", ct);
                var kind = ReadKind(form, "kind");
                var file = FileIntake.ReadFile(form, "file", storage);
                var document = await sender.Send(new Command(id, kind, file), ct);
                return TypedResults.Created($"/api/organisation-documents/{document.Id}", document);
            })
            .WithMetadata(new BodySizeLimit(storage.MaxAttachmentBytes + 64 * 1024))
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("UploadOrganisationDocument")
            .WithSummary("Uploads the business licence or authorisation letter as PDF, PNG or JPEG (members; form fields: kind, file).")
            .WithProblems(401, 404, 413, 415);

    public static OrganisationDocumentKind ReadKind(IFormCollection form, string field) =>
        Enum.TryParse<OrganisationDocumentKind>(form[field].ToString(), ignoreCase: false, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw ProblemException.Invalid(field, $"Must be one of: {string.Join(", ", Enum.GetNames<OrganisationDocumentKind>())}.");
}
