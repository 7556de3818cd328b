using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// What this host tells the engine besides its guards and effects (<see cref="WorkflowSteps"/>): the roles, the
/// state tags its code asks for (<see cref="StateTags"/>), its dates, and the <c>review</c> and <c>notice</c> blocks
/// it reads from definitions. The engine knows none of these names; ADR 0001 says what it does know.
/// </summary>
public static class WorkflowContract
{
    public const string ReviewBlock = "review";
    public const string NoticeBlock = "notice";
    public const string CallClosesAtAnchor = "callClosesAt";
    public const string NoticeEndsAnchor = "noticeEnds";

    /// <summary>The role the engine fires timers and automatic transitions as.</summary>
    public const string SystemRole = "System";

    public static WorkflowCatalog Register(WorkflowCatalog catalog) => catalog
        .Roles(Roles.All, SystemRole)
        .Tags(StateTags.ForApplications)
        .Tags(StateTags.ForCalls, CallLifecycle.WorkflowKey)
        .Anchor(CallClosesAtAnchor, "When the application's call closes.")
        .Anchor(NoticeEndsAnchor, "When the public notice ends: entry plus the notice block's days.")
        .Block<ReviewDefinition>(ReviewBlock, "How experts review the applications in the state tagged collects-reviews.", ReviewDefinition.Check)
        .Block<NoticeDefinition>(NoticeBlock, "How many days a public notice lasts.", NoticeDefinition.Check);

    /// <summary>The definition's review block, or null when its programme has no expert review.</summary>
    public static ReviewDefinition? Review(this CompiledWorkflow workflow) => workflow.Block<ReviewDefinition>(ReviewBlock);

    /// <summary>The definition's notice block, or null when it has none.</summary>
    public static NoticeDefinition? Notice(this CompiledWorkflow workflow) => workflow.Block<NoticeDefinition>(NoticeBlock);

    /// <summary>The host's dates for an instance that entered its state at <paramref name="enteredAt"/>, in a call closing at <paramref name="callClosesAt"/>.</summary>
    public static Func<string, DateTimeOffset?> Anchors(CompiledWorkflow workflow, DateTimeOffset enteredAt, DateTimeOffset callClosesAt) => anchor => anchor switch
    {
        CallClosesAtAnchor => callClosesAt,
        NoticeEndsAnchor => workflow.Notice() is { } notice ? enteredAt.AddDays(notice.Days) : null,
        _ => null,
    };
}
