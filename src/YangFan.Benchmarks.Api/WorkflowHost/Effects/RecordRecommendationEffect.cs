using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class RecordRecommendationEffect : IWorkflowEffect
{
    public const string EffectName = "record-recommendation";

    public string Name => EffectName;
    public string Description => "Records which recommender recommended the application, and for which authority; it counts against that authority's quota.";

    public async ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        c.Application.RecommendedBy = c.Actor.Id;
        c.Application.RecommendedAt = c.Time.GetUtcNow();
        c.Application.RecommendingAuthority = c.Actor.Id is { } id ? (await Jurisdiction.AuthorityOfAsync(c.Db, id, ct))?.Key : null;
    }
}
