using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class RecommenderCoversApplicantGuard : IWorkflowGuard
{
    public string Name => "recommender-covers-applicant";
    public string Description => "The recommender's jurisdiction covers the applicant's province or sub-provincial city, or it is a member of the recommender's national body.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Actor.Role != Roles.Recommender || c.Actor.Id is not { } id)
            return false;
        return await Jurisdiction.CoversAsync(c.Db, id, c.Application, ct);
    }
}
