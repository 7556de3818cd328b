using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The applicant organisation has been verified against its business licence and authorisation letter. Implied by
/// the host on every submitting transition of every workflow version (see docs/decisions/0030), so an unverified
/// organisation prepares drafts but never submits.
/// </summary>
public sealed class OrganisationVerifiedGuard : IWorkflowGuard
{
    public const string GuardName = "organisation-verified";

    public string Name => GuardName;
    public string Description => "The organisation has been verified by an administrator against its business licence and authorisation letter.";

    /// <summary>
    /// Reads the organisation into the unit of work, where <see cref="RecordSubmissionEffect"/> finds it again without a
    /// statement of its own: a submit reads the organisation once.
    /// </summary>
    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct) =>
        (await c.Db.Organisations.FindAsync([c.Application.OrganisationId], ct))?.IsVerified == true;
}
