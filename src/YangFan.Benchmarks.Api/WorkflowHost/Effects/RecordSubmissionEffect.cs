using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// Records the submission and fixes what the application is judged under: the organisation's name, province and
/// sub-provincial city (if any) at this moment. Recommendation, conflicts, the notice and the directory read this snapshot, so a later change to the
/// organisation applies only to its later submissions (see docs/decisions/0013-application-snapshot-at-submission.md).
/// </summary>
public sealed class RecordSubmissionEffect : IWorkflowEffect
{
    public const string EffectName = "record-submission";

    public string Name => EffectName;
    public string Description => "Records when the application was (last) submitted.";

    public async ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        // Found in the unit of work when the organisation-verified guard has just read it (every submission since ADR 0030).
        var organisation = await c.Db.Organisations.FindAsync([c.Application.OrganisationId], ct)
            ?? throw new InvalidOperationException($"Organisation {c.Application.OrganisationId} is not stored.");
        // A nationally registered code names no province; no recommender could cover the application until one is set.
        if (organisation.ProvinceCode is null)
            throw Infrastructure.ProblemException.ProvinceNotSet(organisation.Id);
        c.Application.SubmittedAt = c.Time.GetUtcNow();
        c.Application.SubmittedOrganisationName = organisation.Name;
        c.Application.SubmittedProvinceCode = organisation.ProvinceCode;
        c.Application.SubmittedCityCode = organisation.CityCode;
    }
}
