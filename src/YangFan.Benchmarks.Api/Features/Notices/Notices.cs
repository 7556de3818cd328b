using System.Threading.RateLimiting;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>A public notice with its entries, as anyone may read it.</summary>
public sealed record NoticeView(Guid Id, Guid CallId, string CallTitleZh, string CallTitleEn, string ProgrammeKey, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, bool Open, IReadOnlyList<NoticeEntryView> Entries);

/// <summary>One publicised application: who, what, where, as it was submitted.</summary>
public sealed record NoticeEntryView(Guid ApplicationId, string OrganisationName, string Title, string? SectorCode, string ProvinceCode);

public static class NoticeEndpoints
{
    public const string ObjectionRateLimit = "objections";

    public static void MapNoticeEndpoints(this IEndpointRouteBuilder app, StorageOptions storage)
    {
        var open = app.MapGroup("/api/notices").WithTags("Public notice").AllowAnonymous();
        ListNotices.Map(open);
        GetNotice.Map(open);
        SubmitObjection.Map(open, storage);
        var admin = app.MapGroup("/api/objections").WithTags("Public notice").RequireAuthorization(Policies.Admin);
        ListObjections.Map(admin);
        DownloadObjectionEvidence.Map(admin);
        ResolveObjection.Map(admin);
    }

    public static async Task<List<NoticeView>> LoadAsync(AppDbContext db, TimeProvider time, Guid? id, CancellationToken ct)
    {
        var notices = await db.Notices.AsNoTracking().Include(n => n.Entries).Where(n => id == null || n.Id == id)
            .OrderByDescending(n => n.StartsAt).Take(200).ToListAsync(ct);
        var callIds = notices.Select(n => n.CallId).Distinct().ToList();
        var calls = await db.Calls.AsNoTracking().Where(c => callIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var applicationIds = notices.SelectMany(n => n.Entries).Select(e => e.ApplicationId).ToList();
        var entries = await (from a in db.Applications.AsNoTracking()
                             join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                             where applicationIds.Contains(a.Id)
                             select new NoticeEntryView(a.Id, a.SubmittedOrganisationName ?? o.Name, a.Title, a.SectorCode,
                                 a.SubmittedProvinceCode ?? o.ProvinceCode ?? "")).ToDictionaryAsync(e => e.ApplicationId, ct);
        var now = time.GetUtcNow();
        return notices.Select(n => new NoticeView(n.Id, n.CallId, calls[n.CallId].TitleZh, calls[n.CallId].TitleEn, calls[n.CallId].ProgrammeKey,
            n.StartsAt, n.EndsAt, now < n.EndsAt, n.Entries.Select(e => entries[e.ApplicationId]).OrderBy(e => e.OrganisationName).ToList())).ToList();
    }
}

public static class ListNotices
{
    public sealed record Query : IQuery<IReadOnlyList<NoticeView>>;

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, IReadOnlyList<NoticeView>>
    {
        public async ValueTask<IReadOnlyList<NoticeView>> Handle(Query query, CancellationToken ct) => await NoticeEndpoints.LoadAsync(db, time, null, ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListNotices")
            .WithSummary("Public notices (公示), newest first, with their entries.");
}

public static class GetNotice
{
    public sealed record Query(Guid Id) : IQuery<NoticeView>;

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, NoticeView>
    {
        public async ValueTask<NoticeView> Handle(Query query, CancellationToken ct) =>
            (await NoticeEndpoints.LoadAsync(db, time, query.Id, ct)).SingleOrDefault() ?? throw ProblemException.NotFound("The notice");
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetNotice")
            .WithSummary("One public notice: entries with organisation, title, sector and province, and its start and end.")
            .WithProblems(404);
}

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

/// <summary>An objection as administrators handle it.</summary>
public sealed record ObjectionView(Guid Id, Guid NoticeId, Guid ApplicationId, string ObjectorName, string Contact, string Reason,
    string? EvidenceFileName, string Status, string? Resolution, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt)
{
    public static ObjectionView From(Objection o) => new(o.Id, o.NoticeId, o.ApplicationId, o.ObjectorName, o.Contact, o.Reason,
        o.EvidenceFileName, o.Status, o.Resolution, o.CreatedAt, o.ResolvedAt);
}

public static class ListObjections
{
    public sealed record Query(Guid? NoticeId, string? Status) : IQuery<IReadOnlyList<ObjectionView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ObjectionView>>
    {
        public async ValueTask<IReadOnlyList<ObjectionView>> Handle(Query query, CancellationToken ct)
        {
            var objections = db.Objections.AsNoTracking();
            if (query.NoticeId is { } notice) objections = objections.Where(o => o.NoticeId == notice);
            if (query.Status is { } status) objections = objections.Where(o => o.Status == status);
            return (await objections.OrderBy(o => o.CreatedAt).Take(500).ToListAsync(ct)).Select(ObjectionView.From).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, Guid? noticeId = null, string? status = null) =>
                TypedResults.Ok(await sender.Send(new Query(noticeId, status), ct)))
            .WithName("ListObjections")
            .WithSummary("Objections, oldest first (admin only).")
            .WithProblems(401, 403);
}

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
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(content, objection.EvidenceMediaType ?? "application/octet-stream", objection.EvidenceFileName);
            })
            .ProducesFile(EndpointConventions.StoredFileTypes)
            .WithName("DownloadObjectionEvidence")
            .WithSummary("Streams an objection's evidence file as a download (admin only, audited).")
            .WithProblems(401, 403, 404);
}

public static class ResolveObjection
{
    public enum Outcome { Dismissed, Sustained }

    /// <summary>The outcome and why.</summary>
    public sealed record Body(Outcome Outcome, string Reason);

    public sealed record Command(Guid Id, Body Body) : ICommand<ObjectionView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Outcome).IsInEnum().OverridePropertyName("outcome");
            RuleFor(c => c.Body.Reason).NotEmpty().MinimumLength(10).MaximumLength(2000).OverridePropertyName("reason");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, ObjectionView>
    {
        public async ValueTask<ObjectionView> Handle(Command command, CancellationToken ct)
        {
            var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == command.Id, ct) ?? throw ProblemException.NotFound("The objection");
            if (objection.Status != ObjectionStatus.Open)
                throw ProblemException.Conflict($"The objection was already {objection.Status.ToLowerInvariant()}.");
            var now = time.GetUtcNow();
            objection.Status = command.Body.Outcome == Outcome.Sustained ? ObjectionStatus.Sustained : ObjectionStatus.Dismissed;
            objection.Resolution = command.Body.Reason.Trim();
            objection.ResolvedAt = now;
            objection.ResolvedBy = user.Id;
            await db.SaveChangesAsync(ct);

            var application = await db.Applications.FirstAsync(a => a.Id == objection.ApplicationId, ct);
            if (application.State == "PublicNotice")
            {
                if (objection.Status == ObjectionStatus.Sustained)
                    await runtime.FireDedicatedAsync(application, DedicatedTriggers.SustainObjection, ApplicationAccess.ActorFor(user), objection.Resolution, ct);
                else
                {
                    // An entry that waited past the notice's end for this objection moves on now, if nothing else is open.
                    var notice = await db.Notices.AsNoTracking().FirstAsync(n => n.Id == objection.NoticeId, ct);
                    var stillOpen = await db.Objections.AnyAsync(o => o.ApplicationId == application.Id && o.Status == ObjectionStatus.Open, ct);
                    if (now >= notice.EndsAt && !stillOpen)
                        await runtime.FireAsync(application, "notice-ends", Actor.System(AuditChannels.Api), null, null, ct);
                }
            }
            audit.Record($"objection.{objection.Status.ToLowerInvariant()}", "Application", application.Id, new { objection.Id, command.Body.Reason });
            await db.SaveChangesAsync(ct);
            return ObjectionView.From(objection);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/resolve", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body), ct)))
            .WithName("ResolveObjection")
            .WithSummary("Dismisses or sustains an objection; sustained rejects the application and releases its slot (admin only).")
            .WithProblems(401, 403, 404, 409);
}
