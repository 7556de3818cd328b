using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>A claim and the evidence filed with it; <c>status</c> is Pending, Transferred or Refused.</summary>
public sealed record ClaimView(Guid Id, Guid OrganisationId, string OrganisationName, string CreditCode, Guid ClaimantId, string ClaimantName,
    string ClaimantEmail, string? Statement, string Status, DateTimeOffset FiledAt, DateTimeOffset? DecidedAt, string? DecisionReason,
    IReadOnlyList<OrganisationDocumentView> Documents);

/// <summary>
/// A person whose organisation someone else registered claims it, with their own business licence and authorisation
/// letter. The caller is an applicant account without an organisation (<c>POST /api/auth/register</c> without one).
/// An administrator transfers the organisation or refuses (<see cref="DecideClaim"/>).
/// </summary>
public static class FileClaim
{
    public sealed record Command(string CreditCode, string? Statement, Upload Licence, Upload Letter) : ICommand<ClaimView>;

    /// <summary>The multipart/form-data fields of a claim.</summary>
    /// <param name="CreditCode">The Unified Social Credit Code of the registered organisation claimed.</param>
    /// <param name="Statement">Optional: why the organisation is the claimant's.</param>
    /// <param name="BusinessLicence">The business licence (营业执照), PDF, PNG or JPEG.</param>
    /// <param name="AuthorisationLetter">The letter (授权书) authorising the claimant to act for the organisation, PDF, PNG or JPEG.</param>
    public sealed record Form(string CreditCode, string? Statement, IFormFile BusinessLicence, IFormFile AuthorisationLetter);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CreditCode).NotEmpty().MaximumLength(64).OverridePropertyName("creditCode");
            RuleFor(c => c.Statement).MaximumLength(2000).OverridePropertyName("statement");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files, StorageOptions storage, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, ClaimView>
    {
        public async ValueTask<ClaimView> Handle(Command command, CancellationToken ct)
        {
            var me = user.RequireId();
            if (user.Role != Roles.Applicant)
                throw ProblemException.Forbidden("Only applicant accounts claim organisations.");
            var claimant = await db.Users.FirstAsync(u => u.Id == me, ct);
            if (claimant.OrganisationId is not null)
                throw ProblemException.AlreadyInOrganisation();
            var creditCode = CreditCode.Normalise(command.CreditCode);
            var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.CreditCode == creditCode, ct)
                ?? throw ProblemException.Invalid("creditCode", $"No organisation is registered with credit code {creditCode}; register it instead.");
            if (await db.OrganisationClaims.AnyAsync(c => c.OrganisationId == organisation.Id && c.ClaimantId == me && c.Status == ClaimStatus.Pending, ct))
                throw ProblemException.Duplicate("You already have a claim on this organisation waiting for an administrator.");

            var now = time.GetUtcNow();
            var claim = new OrganisationClaim
            {
                Id = Guid.NewGuid(), OrganisationId = organisation.Id, ClaimantId = me, FiledAt = now, Status = ClaimStatus.Pending,
                Statement = string.IsNullOrWhiteSpace(command.Statement) ? null : command.Statement.Trim(),
            };
            db.OrganisationClaims.Add(claim);
            var documents = new List<OrganisationDocument>();
            foreach (var (kind, upload) in new[]
                     {
                         (OrganisationDocumentKind.BusinessLicence, command.Licence), (OrganisationDocumentKind.AuthorisationLetter, command.Letter),
                     })
            {
                var file = await FileIntake.StoreAsync(files, storage, upload, ct, scansOnly: true);
                documents.Add(new OrganisationDocument
                {
                    Id = Guid.NewGuid(), OrganisationId = organisation.Id, ClaimId = claim.Id, Kind = kind, FileName = file.FileName,
                    MediaType = file.MediaType, Size = file.Size, Sha256 = file.Sha256, UploadedBy = me, UploadedAt = now,
                });
            }
            db.OrganisationDocuments.AddRange(documents);
            audit.Record("organisation.claim-filed", "Organisation", organisation.Id,
                new { claimId = claim.Id, claimant = me, documents = documents.Select(d => new { d.Id, d.Kind, d.Sha256 }) });
            return ClaimViews.From(claim, organisation, claimant, documents);
        }
    }

    public static void Map(RouteGroupBuilder group, StorageOptions storage) =>
        group.MapPost("", async (HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                var form = await MultipartForm.ReadAsync(request, "fields 'creditCode', 'statement', 'businessLicence' and 'authorisationLetter'", ct);
                var licence = FileIntake.ReadFile(form, "businessLicence", storage);
                var letter = FileIntake.ReadFile(form, "authorisationLetter", storage);
                var claim = await sender.Send(new Command(form["creditCode"].ToString(), form["statement"].ToString(), licence, letter), ct);
                return TypedResults.Created($"/api/organisation-claims/{claim.Id}", claim);
            })
            .WithMetadata(new BodySizeLimit(2 * storage.MaxAttachmentBytes + 64 * 1024))
            .DisableAntiforgery()
            .Accepts<Form>("multipart/form-data")
            .WithName("FileOrganisationClaim")
            .WithSummary("Claims an organisation registered by someone else, with one's own business licence and authorisation letter "
                + "(an applicant account without an organisation).")
            .WithProblems(401, 403, 409, 413, 415);
}

public static class ClaimViews
{
    public static ClaimView From(OrganisationClaim c, Organisation o, AppUser claimant, IEnumerable<OrganisationDocument> documents) =>
        new(c.Id, o.Id, o.Name, o.CreditCode, claimant.Id, claimant.DisplayName, claimant.Email ?? "", c.Statement, c.Status.ToString(),
            c.FiledAt, c.DecidedAt, c.DecisionReason, documents.OrderBy(d => d.Kind).Select(OrganisationDocumentView.From).ToList());

    /// <summary>The claims <paramref name="claims"/> selects, oldest first, each with its organisation, claimant and evidence.</summary>
    public static async Task<List<ClaimView>> LoadAsync(AppDbContext db, IQueryable<OrganisationClaim> claims, int skip, int take, CancellationToken ct)
    {
        var rows = await (from c in claims
                          join o in db.Organisations on c.OrganisationId equals o.Id
                          join u in db.Users on c.ClaimantId equals u.Id
                          orderby c.FiledAt, c.Id
                          select new { c, o, u }).AsNoTracking().Skip(skip).Take(take).ToListAsync(ct);
        var ids = rows.Select(r => (Guid?)r.c.Id).ToList();
        var documents = (await db.OrganisationDocuments.AsNoTracking().Where(d => ids.Contains(d.ClaimId)).ToListAsync(ct)).ToLookup(d => d.ClaimId);
        return rows.Select(r => From(r.c, r.o, r.u, documents[r.c.Id])).ToList();
    }
}
