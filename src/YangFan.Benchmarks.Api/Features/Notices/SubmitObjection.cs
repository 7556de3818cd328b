using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class SubmitObjection
{
    public sealed record Command(Guid NoticeId, Guid ApplicationId, string ObjectorName, string Contact, string Reason,
        string? EvidenceFileName, byte[]? Evidence) : ICommand<Receipt>;

    /// <summary>The multipart/form-data fields of an objection, as the endpoint reads them.</summary>
    /// <param name="Entry">The application id of the notice entry objected to.</param>
    /// <param name="ObjectorName">Who objects.</param>
    /// <param name="Contact">A phone number or an e-mail address.</param>
    /// <param name="Reason">Why, at least 20 characters.</param>
    /// <param name="Evidence">Optional evidence: a PDF, PNG, JPEG, DOCX or XLSX file.</param>
    public sealed record Form(Guid Entry, string ObjectorName, string Contact, string Reason, IFormFile? Evidence);

    /// <summary>What the objector gets back: a reference, never the objection's handling.</summary>
    public sealed record Receipt(Guid ObjectionId, DateTimeOffset ReceivedAt);

    public const int MinimumReasonLength = 20;
    private const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$";

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ApplicationId).NotEmpty().OverridePropertyName("entry");
            RuleFor(c => c.ObjectorName).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Contact).NotEmpty().MaximumLength(200)
                .Must(c => System.Text.RegularExpressions.Regex.IsMatch(c ?? "", PhoneNumbers.Pattern) || System.Text.RegularExpressions.Regex.IsMatch(c ?? "", EmailPattern))
                .WithMessage("Must be a phone number or an e-mail address.");
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(MinimumReasonLength).MaximumLength(4000);
        }
    }

    public sealed class Handler(AppDbContext db, IFileStore files, StorageOptions storage, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, Receipt>
    {
        public async ValueTask<Receipt> Handle(Command command, CancellationToken ct)
        {
            var notice = await db.Notices.AsNoTracking().Include(n => n.Entries).FirstOrDefaultAsync(n => n.Id == command.NoticeId, ct)
                ?? throw ProblemException.NotFound("The notice");
            if (notice.Entries.All(e => e.ApplicationId != command.ApplicationId))
                throw ProblemException.Invalid("entry", "Not an entry of this notice.");
            var now = time.GetUtcNow();
            if (now >= notice.EndsAt)
                throw ProblemException.Conflict($"The notice closed at {notice.EndsAt:u}; objections are no longer accepted.");

            var evidence = command.Evidence is { Length: > 0 } bytes ? await FileIntake.StoreAsync(files, storage, bytes, command.EvidenceFileName, ct) : null;
            var objection = new Objection
            {
                Id = Guid.NewGuid(), NoticeId = notice.Id, ApplicationId = command.ApplicationId, ObjectorName = command.ObjectorName.Trim(),
                Contact = command.Contact.Trim(), Reason = command.Reason.Trim(), EvidenceSha256 = evidence?.Sha256, EvidenceFileName = evidence?.FileName,
                EvidenceMediaType = evidence?.MediaType, Status = ObjectionStatus.Open, CreatedAt = now,
            };
            db.Objections.Add(objection);
            audit.Record("objection.received", "Application", command.ApplicationId, new { objection.Id, notice = notice.Id, evidence = evidence?.Sha256 },
                channel: AuditChannels.Api);
            return new Receipt(objection.Id, now);
        }
    }

    public static void Map(RouteGroupBuilder group, StorageOptions storage) =>
        group.MapPost("/{id:guid}/objections", async (Guid id, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                var form = await MultipartForm.ReadAsync(request, "fields entry, objectorName, contact, reason and optionally evidence", ct);
                if (!Guid.TryParse(form["entry"], out var entry))
                    throw ProblemException.Invalid("entry", "Must be the application id of a notice entry.");
                var file = form.Files.GetFile("evidence");
                if (file is { Length: > 0 } && file.Length > storage.MaxAttachmentBytes)
                    throw new BadHttpRequestException($"The evidence is {file.Length} bytes; the limit is {storage.MaxAttachmentBytes} bytes.",
                        StatusCodes.Status413PayloadTooLarge);
                byte[]? evidence = null;
                if (file is { Length: > 0 })
                {
                    using var buffer = new MemoryStream((int)file.Length);
                    await file.CopyToAsync(buffer, ct);
                    evidence = buffer.ToArray();
                }
                var receipt = await sender.Send(new Command(id, entry, form["objectorName"].ToString(), form["contact"].ToString(),
                    form["reason"].ToString(), file?.FileName, evidence), ct);
                return TypedResults.Created($"/api/notices/{id}", receipt);
            })
            .AllowAnonymous()
            .RequireRateLimiting(NoticeEndpoints.ObjectionRateLimit)
            .WithMetadata(new BodySizeLimit(storage.MaxAttachmentBytes + 64 * 1024))
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("SubmitObjection")
            .WithSummary("Objects to a notice entry while the notice is open (multipart: entry, objectorName, contact, reason, evidence). Objections are never public.")
            .WithProblems(404, 409, 413, 415, 429);
}
