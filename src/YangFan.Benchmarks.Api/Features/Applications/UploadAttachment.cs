using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class UploadAttachment
{
    /// <summary>Adds <paramref name="File"/>, unread until the handler streams it into the store (ADR 0044).</summary>
    public sealed record Command(Guid ApplicationId, string Kind, Upload File) : ICommand<AttachmentView>;

    /// <summary>The multipart/form-data fields of an upload, as the endpoint reads them.</summary>
    /// <param name="Kind">What the file is: a kind the form of the application's call defines, e.g. <c>application-form</c>
    /// (<c>GET /api/applications/{id}/form</c>, <c>form.attachments</c>).</param>
    /// <param name="File">A PDF, PNG, JPEG, DOCX or XLSX file.</param>
    public sealed record Form(string Kind, IFormFile File);

    /// <summary>The command's limits; the endpoint checks the kind's length before the file is read, the handler the form's kinds.</summary>
    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Kind).NotEmpty().MaximumLength(64).OverridePropertyName("kind");
    }

    /// <summary>The same limits, for the documented form fields.</summary>
    public sealed class FormValidator : AbstractValidator<Form>
    {
        public FormValidator() => RuleFor(f => f.Kind).NotEmpty().MaximumLength(64);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files, StorageOptions storage, AuditTrail audit,
        TimeProvider time, WorkflowLibrary workflows, FormHost.FormLibrary forms) : ICommandHandler<Command, AttachmentView>
    {
        public async ValueTask<AttachmentView> Handle(Command command, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, command.ApplicationId, ct);
            if (user.Role != Roles.Applicant)
                throw ProblemException.Forbidden("Only the applicant organisation adds attachments.");
            if (!await workflows.HasTagAsync(application, StateTags.Editable, ct))
                // The state is not named: an applicant must not learn of a staged decision from an error.
                throw ProblemException.Conflict("Attachments can only be added while the application is a draft.");
            var kinds = (await forms.ForApplicationAsync(application, ct)).AttachmentKinds;
            if (!kinds.Contains(command.Kind))
                throw ProblemException.Invalid("kind", $"The application's form has no attachment kind '{command.Kind}'. Kinds: {string.Join(", ", kinds)}.");

            var file = await FileIntake.StoreAsync(files, storage, command.File, ct);
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
                var file = FileIntake.ReadFile(form, "file", storage);
                var kind = form["kind"].ToString();
                if (kind.Length is 0 or > 64)
                    throw ProblemException.Invalid("kind", "An attachment kind of the application's form is required, e.g. application-form.");
                var attachment = await sender.Send(new Command(id, kind, file), ct);
                return TypedResults.Created($"/api/applications/{id}/attachments/{attachment.Id}", attachment);
            })
            .WithMetadata(new BodySizeLimit(storage.MaxAttachmentBytes + 64 * 1024))
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("UploadAttachment")
            .WithSummary("Adds a PDF, PNG, JPEG, DOCX or XLSX file to a draft application (form fields: kind, file).")
            .WithProblems(401, 403, 404, 409, 413, 415);
}
