using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>The guards and effects this host offers to workflow definitions, with the rest of its contract (<see cref="WorkflowContract"/>).</summary>
public sealed class WorkflowSteps
{
    /// <summary>Why every submitting transition carries <c>record-submission</c> (ADR 0013).</summary>
    public const string SubmissionEffectReason =
        "it fixes the name and province the application is judged under; without it no provincial recommender covers the application.";

    public IReadOnlyDictionary<string, IWorkflowGuard> Guards { get; }
    public IReadOnlyDictionary<string, IWorkflowEffect> Effects { get; }
    public WorkflowCatalog Catalog { get; }

    public WorkflowSteps(IEnumerable<IWorkflowGuard> guards, IEnumerable<IWorkflowEffect> effects)
    {
        Guards = guards.ToDictionary(g => g.Name, StringComparer.Ordinal);
        Effects = effects.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var catalog = WorkflowContract.Register(new WorkflowCatalog());
        foreach (var g in Guards.Values)
            catalog.Guard(g.Name, g.Description, g.ArgumentsType);
        foreach (var e in Effects.Values)
            catalog.Effect(e.Name, e.Description, e.ArgumentsType);
        foreach (var d in DedicatedTriggers.All)
            catalog.DedicatedTrigger(d.Trigger, d.Description);
        if (Effects.ContainsKey(RecordSubmissionEffect.EffectName))
        {
            catalog.SubmissionEffect(RecordSubmissionEffect.EffectName, Roles.Applicant, SubmissionEffectReason);
            // Every version, shipped or uploaded, old or new: only a verified organisation hands an application in.
            if (Guards.ContainsKey(OrganisationVerifiedGuard.GuardName))
                catalog.SubmissionGuard(OrganisationVerifiedGuard.GuardName);
        }
        Catalog = catalog;
    }

    public static WorkflowSteps Default() => new(
        [
            new CallOpenGuard(), new RecommenderCoversApplicantGuard(), new ReviewsCompleteGuard(), new ContentCompleteGuard(),
            new RequiredAttachmentsGuard(), new WithinRecommenderQuotaGuard(), new WithinTargetGuard(),
            new NoOpenObjectionsGuard(), new OrganisationVerifiedGuard(), new BeforeRecommendationDeadlineGuard(),
        ],
        [
            new NotifyEffect(), new StartReviewRoundEffect(), new RecordSubmissionEffect(), new RecordRecommendationEffect(),
            new MarkLateReviewsEffect(),
        ]);
}
