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
public sealed class ReviewFacts(AppDbContext db, WorkflowRuntime runtime)
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
        return applications.Select(a =>
        {
            var organisation = organisations[a.OrganisationId];
            // The province the application was submitted under, not the organisation's current one.
            return new ApplicationFacts(a.Id, organisation.CreditCode, a.SubmittedProvinceCode ?? organisation.ProvinceCode ?? "", a.SectorCode, PartnerCodes(a.ProgrammeKey, a.Content),
                a.RecommendedBy is { } r ? recommenders.GetValueOrDefault(r) : null);
        }).ToList();
    }

    /// <summary>
    /// The facts of every application <paramref name="applications"/> selects, in one statement that joins the
    /// organisations and recommenders: each application's content is read for its partners only and not kept.
    /// </summary>
    public Task<List<ApplicationFacts>> FactsOfAsync(IQueryable<Application> applications, CancellationToken ct) =>
        (from a in applications
         join o in db.Organisations on a.OrganisationId equals o.Id
         from r in db.Users.Where(u => u.Id == a.RecommendedBy).DefaultIfEmpty()
         // The province the application was submitted under, not the organisation's current one.
         select new ApplicationFacts(a.Id, o.CreditCode, a.SubmittedProvinceCode ?? o.ProvinceCode ?? "", a.SectorCode,
             PartnerCodes(a.ProgrammeKey, a.Content), r == null ? null : r.AffiliationCreditCode))
        .ToListAsync(ct);

    /// <summary>The review block of the workflow the application runs on, or a 409 if it has none.</summary>
    public async Task<(CompiledWorkflow Workflow, ReviewDefinition Review)> ReviewBlockAsync(Application application, CancellationToken ct)
    {
        var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
        return workflow.Review() is { } review
            ? (workflow, review)
            : throw ProblemException.Conflict($"Workflow {workflow.Key} v{workflow.Version} has no expert review.");
    }

    private static HashSet<string> PartnerCodes(string programmeKey, string json)
    {
        var content = ApplicationContent.Read(programmeKey, json);
        IEnumerable<string?> codes = content switch
        {
            DemonstrationBenchmarkContent d => d.Partners?.Select(p => p.CreditCode) ?? [],
            InnovationCentreContent i => i.PartnerCreditCodes ?? [],
            _ => [],
        };
        return codes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => Domain.Organisations.CreditCode.Normalise(c))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
