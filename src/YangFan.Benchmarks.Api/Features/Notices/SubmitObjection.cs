using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class SubmitObjection
{
    /// <summary>
    /// An objection. <c>SubmissionId</c> is chosen by the form (or the client) once per objection it means to send: the
    /// same id sent again (a double click, a reload, a retry) gets the first receipt back instead of a second objection.
    /// It becomes the objection's id. <c>Email</c> receives the code that confirms it; <c>Contact</c> is an optional
    /// phone number.
    /// </summary>
    public sealed record Command(Guid NoticeId, Guid ApplicationId, string ObjectorName, string Email, string? Contact, string Reason,
        Upload? Evidence, Guid? SubmissionId = null) : ICommand<Receipt>;

    /// <summary>The multipart/form-data fields of an objection, as the endpoint reads them.</summary>
    /// <param name="Entry">The application id of the notice entry objected to.</param>
    /// <param name="ObjectorName">Who objects.</param>
    /// <param name="Email">The objector's e-mail address: a code is sent there that confirms the objection, and the outcome later.</param>
    /// <param name="Contact">Optional: a phone number for the administrators to call.</param>
    /// <param name="Reason">Why, at least 20 characters.</param>
    /// <param name="Evidence">Optional evidence: a PDF, PNG, JPEG, DOCX or XLSX file.</param>
    /// <param name="SubmissionId">Optional: a new UUID per objection; sending it again returns the first receipt, never a second objection.</param>
    public sealed record Form(Guid Entry, string ObjectorName, string Email, string? Contact, string Reason, IFormFile? Evidence, Guid? SubmissionId);

    /// <summary>What the objector gets back: a number to quote, never the objection's handling.</summary>
    /// <param name="ObjectionId">The objection's id.</param>
    /// <param name="ReceiptNumber">Short and readable (<c>YF261201-7K3M9Q</c>: the day received, Beijing time, and six random characters).</param>
    /// <param name="ReceivedAt">When it was received.</param>
    /// <param name="Confirmed">Whether the e-mailed code has confirmed it; until then it holds nothing.</param>
    /// <param name="ConfirmBy">Until when the e-mailed code confirms it (null once confirmed).</param>
    /// <param name="ConfirmEndpoint">Where to POST <c>{ "code": "123456" }</c> to confirm it.</param>
    public sealed record Receipt(Guid ObjectionId, string ReceiptNumber, DateTimeOffset ReceivedAt, bool Confirmed, DateTimeOffset? ConfirmBy,
        string ConfirmEndpoint)
    {
        public static Receipt Of(Objection o) => new(o.Id, o.ReceiptNumber, o.CreatedAt, o.Status != ObjectionStatus.Unconfirmed,
            o.Status == ObjectionStatus.Unconfirmed ? o.ConfirmationExpiresAt : null, $"/api/notices/{o.NoticeId}/objections/{o.Id}/confirmation");
    }

    public const int MinimumReasonLength = 20;
    private const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$";

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ApplicationId).NotEmpty().OverridePropertyName("entry");
            RuleFor(c => c.ObjectorName).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Email).NotEmpty().MaximumLength(200).Matches(EmailPattern).WithMessage("Must be an e-mail address.");
            RuleFor(c => c.Contact).MaximumLength(32).Matches(PhoneNumbers.Pattern).WithMessage(PhoneNumbers.Message)
                .When(c => !string.IsNullOrWhiteSpace(c.Contact));
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(MinimumReasonLength).MaximumLength(4000);
        }
    }

    public sealed class Handler(AppDbContext db, IFileStore files, StorageOptions storage, AuditTrail audit, Outbox outbox, NoticeOptions options,
        TimeProvider time) : ICommandHandler<Command, Receipt>
    {
        public async ValueTask<Receipt> Handle(Command command, CancellationToken ct)
        {
            if (command.SubmissionId is { } submission
                && await db.Objections.AsNoTracking().FirstOrDefaultAsync(o => o.Id == submission, ct) is { } earlier)
            {
                // The same objection sent again: its receipt, even if the notice has closed since.
                if (earlier.NoticeId != command.NoticeId || earlier.ApplicationId != command.ApplicationId)
                    throw ProblemException.Invalid("submissionId", "Already used for another objection.");
                return Receipt.Of(earlier);
            }
            var notice = await db.Notices.AsNoTracking().Include(n => n.Entries).FirstOrDefaultAsync(n => n.Id == command.NoticeId, ct)
                ?? throw ProblemException.NotFound("The notice");
            if (notice.Entries.All(e => e.ApplicationId != command.ApplicationId))
                throw ProblemException.Invalid("entry", "Not an entry of this notice.");
            var now = time.GetUtcNow();
            if (now >= notice.EndsAt)
                throw ProblemException.Conflict($"The notice closed at {notice.EndsAt:u}; objections are no longer accepted.");
            var email = command.Email.Trim().ToLowerInvariant();
            if (await HeldByAsync(db, notice.Id, email, now, options.MaxConfirmationAttempts, ct) >= options.MaxOpenObjectionsPerAddress)
                throw ProblemException.ObjectionLimitReached(options.MaxOpenObjectionsPerAddress);

            var evidence = command.Evidence is { Length: > 0 } upload ? await FileIntake.StoreAsync(files, storage, upload, ct) : null;
            var code = ObjectionCodes.NewCode();
            var objection = new Objection
            {
                Id = command.SubmissionId ?? Guid.NewGuid(), ReceiptNumber = NewReceiptNumber(now), NoticeId = notice.Id, ApplicationId = command.ApplicationId, ObjectorName = command.ObjectorName.Trim(),
                Email = email, Language = outbox.RequestLanguage(), Contact = command.Contact?.Trim() ?? "", Reason = command.Reason.Trim(),
                EvidenceSha256 = evidence?.Sha256, EvidenceFileName = evidence?.FileName, EvidenceMediaType = evidence?.MediaType,
                Status = ObjectionStatus.Unconfirmed, ConfirmationExpiresAt = now.AddMinutes(options.ConfirmationCodeMinutes), CreatedAt = now,
            };
            objection.ConfirmationCodeHash = ObjectionCodes.Hash(objection.Id, code);
            db.Objections.Add(objection);
            var entry = await ObjectionCodes.EntryNameAsync(db, objection.ApplicationId, ct);
            outbox.Write(new MailRecipient(email, objection.Language), MailEvents.ObjectionCode, objection.Id, new ObjectionCodeMail(
                objection.ReceiptNumber, entry, code, options.ConfirmationCodeMinutes, outbox.Link(ObjectionCodes.ConfirmPage(objection.NoticeId, objection.Id))));
            audit.Record("objection.received", "Application", command.ApplicationId, new { objection.Id, notice = notice.Id, evidence = evidence?.Sha256 },
                channel: AuditChannels.Api);
            return Receipt.Of(objection);
        }
    }

    /// <summary>
    /// How many objections to the notice the address holds: open ones, and unconfirmed ones whose code still works (an
    /// expired or spent code no longer holds a place).
    /// </summary>
    public static Task<int> HeldByAsync(AppDbContext db, Guid noticeId, string email, DateTimeOffset now, int maxAttempts, CancellationToken ct) =>
        db.Objections.CountAsync(o => o.NoticeId == noticeId && o.Email == email
            && (o.Status == ObjectionStatus.Open
                || (o.Status == ObjectionStatus.Unconfirmed && o.ConfirmationExpiresAt > now && o.ConfirmationAttempts < maxAttempts)), ct);

    /// <summary>Letters and digits that cannot be mistaken for one another when read aloud or copied by hand (no 0/O, 1/I/L).</summary>
    private const string ReceiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>
    /// The day (Beijing time) and six random characters: 31^6, about 890 million a day, so a clash is left to the unique
    /// index (a 409 the objector may simply resend) rather than checked first.
    /// </summary>
    private static string NewReceiptNumber(DateTimeOffset now) =>
        $"YF{TimeZoneInfo.ConvertTime(now, ChinaZone):yyMMdd}-{System.Security.Cryptography.RandomNumberGenerator.GetString(ReceiptAlphabet, 6)}";

    private static readonly TimeZoneInfo ChinaZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static void Map(RouteGroupBuilder group, StorageOptions storage) =>
        group.MapPost("/{id:guid}/objections", async (Guid id, HttpRequest request, ISender sender, ObjectionThrottle throttle, CancellationToken ct) =>
            {
                await throttle.AcquireAsync(request.HttpContext, ct);
                var form = await MultipartForm.ReadAsync(request, "fields entry, objectorName, email, reason and optionally contact and evidence", ct);
                if (!Guid.TryParse(form["entry"], out var entry))
                    throw ProblemException.Invalid("entry", "Must be the application id of a notice entry.");
                var evidence = FileIntake.ReadOptionalFile(form.Files.GetFile("evidence"), storage);
                var receipt = await sender.Send(new Command(id, entry, form["objectorName"].ToString(), form["email"].ToString(),
                    form["contact"].ToString(), form["reason"].ToString(), evidence, SubmissionIdFrom(form["submissionId"])), ct);
                return TypedResults.Created($"/api/notices/{id}", receipt);
            })
            .AllowAnonymous()
            .WithMetadata(new BodySizeLimit(MaxBodyBytes(storage)), Infrastructure.OpenApi.RateLimited.Instance)
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("SubmitObjection")
            .WithSummary("Objects to a notice entry while the notice is open (multipart: entry, objectorName, email, reason, optional contact phone "
                + "and evidence). A code is e-mailed to the address: the objection counts only once confirmed with it (POST the receipt's "
                + "confirmEndpoint). One address holds at most Notices:MaxOpenObjectionsPerAddress open or unconfirmed objections per notice. "
                + "Objections are never public.")
            .WithProblems(400, 404, 409, 413, 415, 429);

    /// <summary>The largest objection body: the evidence file and room for the text fields.</summary>
    public static long MaxBodyBytes(StorageOptions storage) => storage.MaxAttachmentBytes + 64 * 1024;

    private static Guid? SubmissionIdFrom(string? text) => string.IsNullOrEmpty(text) ? null
        : Guid.TryParse(text, out var id) ? id : throw ProblemException.Invalid("submissionId", "Must be a UUID.");
}
