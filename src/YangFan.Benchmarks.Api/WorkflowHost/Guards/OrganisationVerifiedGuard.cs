using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The applicant organisation has been verified against its business licence and authorisation letter. Implied by
/// the host on every submitting transition of every workflow version (see docs/decisions/0027), so an unverified
/// organisation prepares drafts but never submits.
/// </summary>
public sealed class OrganisationVerifiedGuard : IWorkflowGuard
{
    public const string GuardName = "organisation-verified";

    public string Name => GuardName;
    public string Description => "The organisation has been verified by an administrator against its business licence and authorisation letter.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct) =>
        await c.Db.Organisations.AnyAsync(o => o.Id == c.Application.OrganisationId && o.Verification == VerificationStatus.Verified, ct);
}
