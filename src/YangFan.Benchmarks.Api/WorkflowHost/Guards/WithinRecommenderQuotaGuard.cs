using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The call's per-recommender quota. Holds exactly under concurrency: the count is taken under a lock per call and
/// recommender that is held until the recommending transaction commits, so racing requests for the last slot queue
/// and only the first succeeds.
/// </summary>
public sealed class WithinRecommenderQuotaGuard : IWorkflowGuard
{
    public string Name => "within-recommender-quota";
    public string Description => "The recommender has recommendations left in this call's quota.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Call.RecommenderQuota is not { } quota)
            return true;
        if (c.Actor.Id is not { } recommender)
            return false;
        if (c.Db.Provider == DatabaseProvider.Postgres)
            await c.Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"quota/" + c.Call.Id + "/" + recommender}, 0))", ct);
        var used = await c.Db.Applications.CountAsync(a => a.CallId == c.Call.Id && a.RecommendedBy == recommender, ct);
        return used < quota;
    }
}
