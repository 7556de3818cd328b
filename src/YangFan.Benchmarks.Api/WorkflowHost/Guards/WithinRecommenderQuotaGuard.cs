using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Features.Recommendations;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The recommending authority's quota in the call: its own, or else the call's, shared by all of its accounts. Holds
/// exactly under concurrency: the quota is read and the count taken under a lock per call and authority that is held
/// until the recommending transaction commits, so racing requests for the last slot queue and only the first succeeds.
/// </summary>
public sealed class WithinRecommenderQuotaGuard : IWorkflowGuard
{
    public string Name => "within-recommender-quota";
    public string Description => "The recommending authority has recommendations left in its quota in this call.";
    public string? ProblemType => Infrastructure.ProblemTypes.RecommenderQuotaReached;

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Actor.Id is not { } recommender || await Jurisdiction.AuthorityOfAsync(c.Db, recommender, ct) is not { } authority)
            return false;
        await RecommenderQuotas.LockAsync(c.Db, c.Call.Id, authority, ct);
        if (await RecommenderQuotas.QuotaAsync(c.Db, c.Call, authority, ct) is not { } quota)
            return true;
        var used = await RecommenderQuotas.UsedAsync(c.Db, c.Call.Id, authority, ct, except: c.Application.Id);
        if (used < quota)
            return true;
        c.Findings.Add(new GuardFinding(Name, $"{authority} has recommended {used} of its quota of {quota} in this call.",
            new Dictionary<string, object?> { ["authority"] = authority.Key, ["quota"] = quota, ["used"] = used }));
        return false;
    }
}
