using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Review;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>Loads what the conflict rules and the assigner need, from the database.</summary>
public sealed class ReviewFacts(AppDbContext db, WorkflowRuntime runtime, FormHost.FormLibrary forms)
{
    public async Task<List<ExpertFacts>> ExpertsAsync(IEnumerable<Guid>? only, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking().Include(u => u.ExpertSectors).Where(u => u.Role == Roles.Expert);
        if (only is not null)
        {
            var ids = only.ToList();
            query = query.Where(u => ids.Contains(u.Id));
        }
        var experts = await query.ToListAsync(ct);
        var conflicts = (await db.ExpertConflicts.AsNoTracking().ToListAsync(ct))
            .ToLookup(c => c.ExpertId, c => c.CreditCode);
        return experts.Select(e => new ExpertFacts(e.Id, e.AffiliationCreditCode ?? "", e.ExpertProvinceCode ?? "",
            e.ExpertSectors.Select(s => s.SectorCode).ToHashSet(), e.MaxAssignmentsPerCall,
            conflicts[e.Id].ToHashSet(StringComparer.OrdinalIgnoreCase))).ToList();
    }

    public async Task<ApplicationFacts> ApplicationAsync(Application application, CancellationToken ct) =>
        (await ApplicationsAsync([application], ct))[0];

    public async Task<List<ApplicationFacts>> ApplicationsAsync(IReadOnlyList<Application> applications, CancellationToken ct)
    {
        var organisationIds = applications.Select(a => a.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var recommenderIds = applications.Where(a => a.RecommendedBy != null).Select(a => a.RecommendedBy!.Value).Distinct().ToList();
        var recommenders = await db.Users.AsNoTracking().Where(u => recommenderIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.AffiliationCreditCode, ct);
        var pinned = await FormsOfAsync(applications.Select(a => a.CallId).Distinct().ToList(), ct);
        return applications.Select(a =>
        {
            var organisation = organisations[a.OrganisationId];
            // The province the application was submitted under, not the organisation's current one.
            return new ApplicationFacts(a.Id, organisation.CreditCode, a.SubmittedProvinceCode ?? organisation.ProvinceCode ?? "", a.SectorCode, PartnerCodes(pinned, a.CallId, a.Content),
                a.RecommendedBy is { } r ? recommenders.GetValueOrDefault(r) : null);
        }).ToList();
    }

    /// <summary>
    /// The facts of every application <paramref name="applications"/> selects, in one statement that joins the
    /// organisations and recommenders: each application's content is read for its partners only and not kept.
    /// </summary>
    public async Task<List<ApplicationFacts>> FactsOfAsync(IQueryable<Application> applications, CancellationToken ct)
    {
        var pinned = await FormsOfAsync(await applications.Select(a => a.CallId).Distinct().ToListAsync(ct), ct);
        return await (from a in applications
         join o in db.Organisations on a.OrganisationId equals o.Id
         from r in db.Users.Where(u => u.Id == a.RecommendedBy).DefaultIfEmpty()
         // The province the application was submitted under, not the organisation's current one.
         select new ApplicationFacts(a.Id, o.CreditCode, a.SubmittedProvinceCode ?? o.ProvinceCode ?? "", a.SectorCode,
             PartnerCodes(pinned, a.CallId, a.Content), r == null ? null : r.AffiliationCreditCode))
            .ToListAsync(ct);
    }

    /// <summary>The review block of the workflow the application runs on, or a 409 if it has none.</summary>
    public async Task<(CompiledWorkflow Workflow, ReviewDefinition Review)> ReviewBlockAsync(Application application, CancellationToken ct)
    {
        var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
        return workflow.Review() is { } review
            ? (workflow, review)
            : throw ProblemException.Conflict($"Workflow {workflow.Key} v{workflow.Version} has no expert review.");
    }

    /// <summary>The forms the calls pin: their credit-code rules say where the content names partners.</summary>
    private async Task<Dictionary<Guid, YangFan.Benchmarks.Forms.CompiledForm>> FormsOfAsync(IReadOnlyList<Guid> callIds, CancellationToken ct)
    {
        var calls = await db.Calls.AsNoTracking().Where(c => callIds.Contains(c.Id))
            .Select(c => new { c.Id, c.FormKey, c.FormVersion }).ToListAsync(ct);
        var pinned = new Dictionary<Guid, YangFan.Benchmarks.Forms.CompiledForm>();
        foreach (var call in calls.Where(c => c.FormVersion is not null))
            pinned[call.Id] = await forms.CompiledAsync(call.FormKey, call.FormVersion!.Value, ct);
        return pinned;
    }

    /// <summary>The partners' credit codes: every value a <c>credit-code</c> rule of the pinned form reaches.</summary>
    private static HashSet<string> PartnerCodes(Dictionary<Guid, YangFan.Benchmarks.Forms.CompiledForm> pinned, Guid callId, string json)
    {
        if (!pinned.TryGetValue(callId, out var form))
            return [];
        using var content = System.Text.Json.JsonDocument.Parse(json);
        return form.ValuesOf("credit-code", content.RootElement).Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => Domain.Organisations.CreditCode.Normalise(c)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
