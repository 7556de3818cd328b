using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Features.Reference;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

public static class SaveCall
{
    /// <summary>A call for applications (申报批次).</summary>
    /// <param name="ProgrammeKey">See <c>GET /api/programmes</c>.</param>
    /// <param name="Year">The plan year of the batch.</param>
    /// <param name="Batch">The batch number within the year.</param>
    /// <param name="TitleZh">Chinese title.</param>
    /// <param name="TitleEn">English title.</param>
    /// <param name="OpensAt">When applications may start to be submitted.</param>
    /// <param name="ClosesAt">When the call closes (a durable timer closes it).</param>
    /// <param name="Sectors">Sectors open in the call; required for demonstration benchmarks, empty otherwise.</param>
    /// <param name="RecommenderQuota">How many applications each recommender may recommend; null for no limit.</param>
    /// <param name="WorkflowKey">The review workflow; defaults to the programme's.</param>
    /// <param name="FormKey">The application form (<c>GET /api/forms</c>); defaults to the programme's. Its attachment kinds,
    /// and which of them are required before submission, come with it.</param>
    /// <param name="FormVersion">A published version of the form; by default the latest published when the call opens.</param>
    /// <param name="AuthorityQuotas">Authorities with a quota of their own, instead of <paramref name="RecommenderQuota"/>;
    /// an administrator changes them later with <c>PUT /api/calls/{id}/authority-quotas</c>.</param>
    /// <param name="RecommendationDeadline">When recommending authorities are to have recommended; not before <paramref name="ClosesAt"/>.</param>
    public sealed record Body(string ProgrammeKey, int Year, int Batch, string TitleZh, string TitleEn, DateTimeOffset OpensAt,
        DateTimeOffset ClosesAt, IReadOnlyList<string>? Sectors, int? RecommenderQuota, string? WorkflowKey, string? FormKey = null,
        int? FormVersion = null, IReadOnlyList<AuthorityQuotaBody>? AuthorityQuotas = null, DateTimeOffset? RecommendationDeadline = null);

    public sealed record Command(Guid? Id, Body Body, int? ExpectedVersion) : ICommand<CallView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body).NotNull();
            RuleFor(c => c.Body.ProgrammeKey).NotEmpty().MaximumLength(64).OverridePropertyName("programmeKey");
            RuleFor(c => c.Body.Year).InclusiveBetween(2021, 2100).OverridePropertyName("year");
            RuleFor(c => c.Body.Batch).InclusiveBetween(1, 20).OverridePropertyName("batch");
            RuleFor(c => c.Body.TitleZh).NotEmpty().MaximumLength(200).OverridePropertyName("titleZh");
            RuleFor(c => c.Body.TitleEn).NotEmpty().MaximumLength(200).OverridePropertyName("titleEn");
            RuleFor(c => c.Body.ClosesAt).GreaterThan(c => c.Body.OpensAt).OverridePropertyName("closesAt")
                .WithMessage("Must be after opensAt.");
            RuleFor(c => c.Body.Sectors).Must(s => s is null || s.Distinct().Count() == s.Count).OverridePropertyName("sectors")
                .WithMessage("Sectors must not repeat.");
            RuleFor(c => c.Body.Sectors!.Count).LessThanOrEqualTo(15).OverridePropertyName("sectors").When(c => c.Body.Sectors is not null);
            RuleForEach(c => c.Body.Sectors).MaximumLength(64).OverridePropertyName("sectors");
            RuleFor(c => c.Body.RecommenderQuota).InclusiveBetween(1, 10_000).OverridePropertyName("recommenderQuota");
            RuleFor(c => c.Body.AuthorityQuotas).ValidAuthorityQuotas().OverridePropertyName("authorityQuotas");
            RuleFor(c => c.Body.AuthorityQuotas!.Count).LessThanOrEqualTo(AuthorityQuotaRules.MaxAuthorities).OverridePropertyName("authorityQuotas")
                .When(c => c.Body.AuthorityQuotas is not null);
            RuleFor(c => c.Body.RecommendationDeadline).GreaterThanOrEqualTo(c => c.Body.ClosesAt).OverridePropertyName("recommendationDeadline")
                .WithMessage("Must not be before closesAt.");
            RuleFor(c => c.Body.FormKey).MaximumLength(64).OverridePropertyName("formKey");
            RuleFor(c => c.Body.FormVersion).InclusiveBetween(1, 100_000).OverridePropertyName("formVersion");
            RuleFor(c => c.Body.WorkflowKey).MaximumLength(64).OverridePropertyName("workflowKey");
        }
    }

    public sealed class Handler(AppDbContext db, CallLifecycle lifecycle, AuditTrail audit, ICurrentUser user, TimeProvider time,
        WorkflowLibrary workflows) : ICommandHandler<Command, CallView>
    {
        public async ValueTask<CallView> Handle(Command command, CancellationToken ct)
        {
            var body = command.Body;
            if (!await db.Programmes.AnyAsync(p => p.Key == body.ProgrammeKey, ct))
                throw ProblemException.Invalid("programmeKey", $"Unknown programme '{body.ProgrammeKey}'.");
            var formKey = body.FormKey ?? body.ProgrammeKey;
            var forms = db.Forms.Where(f => f.Key == formKey && f.Status == FormVersionStatus.Published);
            if (body.FormVersion is { } formVersion)
            {
                if (await forms.Where(f => f.Version == formVersion).Select(f => f.Programme).FirstOrDefaultAsync(ct) is not { } formProgramme)
                    throw ProblemException.Invalid("formVersion", $"Form '{formKey}' has no published version {formVersion}.");
                if (formProgramme != body.ProgrammeKey)
                    throw ProblemException.Invalid("formKey", $"Form '{formKey}' is the form of programme '{formProgramme}'.");
            }
            else if (!await forms.AnyAsync(f => f.Programme == body.ProgrammeKey, ct))
                throw ProblemException.Invalid(body.FormKey is null ? "programmeKey" : "formKey",
                    $"Form '{formKey}' has no published version for programme '{body.ProgrammeKey}'.");
            var sectors = body.Sectors ?? [];
            var perSector = await ProgrammeSectors.RequiredAsync(db, body.ProgrammeKey, ct);
            if (perSector && sectors.Count == 0)
                throw ProblemException.Invalid("sectors", "A call of a programme whose targets are per sector opens at least one sector.");
            if (!perSector && sectors.Count > 0)
                throw ProblemException.Invalid("sectors", "Only calls of programmes whose targets are per sector open sectors.");
            var known = await db.Sectors.Where(s => sectors.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
            if (sectors.Except(known).ToList() is { Count: > 0 } unknown)
                throw ProblemException.Invalid("sectors", $"Unknown sectors: {string.Join(", ", unknown)}.");
            await AuthorityQuotaRules.RequireKnownAsync(db, body.AuthorityQuotas ?? [], ct);
            var workflowKey = body.WorkflowKey ?? body.ProgrammeKey;
            if (!await db.Workflows.AnyAsync(w => w.Key == workflowKey && w.Status == WorkflowVersionStatus.Published, ct))
                throw ProblemException.Invalid("workflowKey", $"Workflow '{workflowKey}' has no published version.");

            Call call;
            if (command.Id is { } id)
            {
                call = await db.Calls.Include(c => c.Sectors).Include(c => c.AuthorityQuotas).FirstOrDefaultAsync(c => c.Id == id, ct)
                    ?? throw ProblemException.NotFound("The call");
                db.RequireVersion(call, command.ExpectedVersion, "call");
                if (!await workflows.HasTagAsync(call, StateTags.Editable, ct))
                    throw ProblemException.Conflict($"Only a draft call can be changed; this one is {call.Status}.");
                call.ProgrammeKey = body.ProgrammeKey;
                call.WorkflowKey = workflowKey;
                call.FormKey = formKey;
                call.Sectors.Clear();
            }
            else
            {
                call = new Call
                {
                    Id = Guid.NewGuid(), ProgrammeKey = body.ProgrammeKey, TitleZh = body.TitleZh, TitleEn = body.TitleEn, Status = "",
                    WorkflowKey = workflowKey, FormKey = formKey, CreatedAt = time.GetUtcNow(),
                };
                db.Calls.Add(call);
                await lifecycle.StartAsync(call, ApplicationAccess.ActorFor(user), ct);
            }
            call.Year = body.Year;
            call.Batch = body.Batch;
            call.TitleZh = body.TitleZh.Trim();
            call.TitleEn = body.TitleEn.Trim();
            call.OpensAt = body.OpensAt;
            call.ClosesAt = body.ClosesAt;
            call.RecommenderQuota = body.RecommenderQuota;
            call.FormVersion = body.FormVersion;
            call.RecommendationDeadline = body.RecommendationDeadline;
            AuthorityQuotaRules.Replace(call, body.AuthorityQuotas ?? []);
            foreach (var sector in sectors)
                call.Sectors.Add(new CallSector { CallId = call.Id, SectorCode = sector });
            if (command.Id is not null)
                audit.Record("call.updated", "Call", call.Id, body);
            await db.SaveChangesAsync(ct);
            return CallView.From(call);
        }
    }

    public static void MapCreate(RouteGroupBuilder group) =>
        group.MapPost("", async (Body body, ISender sender, CancellationToken ct) =>
            {
                var call = await sender.Send(new Command(null, body, null), ct);
                return TypedResults.Created($"/api/calls/{call.Id}", call);
            })
            .WithName("CreateCall")
            .WithSummary("Creates a call as a draft (admin only).")
            .WithProblems(401, 403, 413, 415);

    public static void MapUpdate(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var call = await sender.Send(new Command(id, body, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{call.Version}\"";
                return TypedResults.Ok(call);
            })
            .WithName("UpdateCall")
            .WithSummary("Changes a draft call; requires If-Match (admin only).")
            .WithProblems(401, 403, 404, 409, 412, 428);
}
