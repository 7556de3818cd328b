using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The state tags this host's code asks for. A definition names its states as it likes; the code never compares a
/// state's name, only whether the state carries one of these. The engine refuses a definition that uses a tag not
/// declared here or lacks one declared required, with the JSON path (docs/workflows.md, "State tags").
/// </summary>
public static class StateTags
{
    /// <summary>The applicant may change the application's content and attachments.</summary>
    public const string Editable = "editable";
    /// <summary>Handed in and waiting for a provincial recommender: listed as pending to recommenders.</summary>
    public const string AwaitingRecommendation = "awaiting-recommendation";
    /// <summary>Recommended and waiting for the administrators' formal check (形式审查): listed in the call's formal-check queue.</summary>
    public const string AwaitingFormalCheck = "awaiting-formal-check";
    /// <summary>Experts are assigned and their reviews collected; needs the review block.</summary>
    public const string CollectsReviews = "collects-reviews";
    /// <summary>Counts toward the programme's target ceiling and in the ranking of selected applications.</summary>
    public const string HoldsTargetSlot = "holds-target-slot";
    /// <summary>In a public notice: released decisions join the call's notice, objections can be raised.</summary>
    public const string InNotice = "in-notice";
    /// <summary>Selected and waiting for the next directory version.</summary>
    public const string Approved = "approved";
    /// <summary>Listed in a published directory (and so revocable from it).</summary>
    public const string Published = "published";

    /// <summary>A call applications can be created in and submitted to; entering it pins the programme's workflow version.</summary>
    public const string AcceptingApplications = "accepting-applications";
    /// <summary>A call shown to everyone, signed in or not.</summary>
    public const string Listed = "listed";

    /// <summary>The tags of the programmes' application workflows.</summary>
    public static readonly IReadOnlyList<TagDeclaration> ForApplications =
    [
        new(Editable, "the applicant can change the application only in such a state.", TagOccurrence.AtLeastOne),
        new(AwaitingRecommendation, "recommenders list the applications in such a state as pending."),
        new(AwaitingFormalCheck, "administrators list the applications in such a state in the call's formal-check queue."),
        new(CollectsReviews, "experts are assigned and review while the application is here; needs the review block."),
        new(HoldsTargetSlot, "the programme's target ceiling counts the applications in such states.", TagOccurrence.AtLeastOne),
        new(InNotice, "a released decision that enters such a state joins the call's public notice.", TagOccurrence.AtLeastOne),
        new(Approved, "the call's directory publishes the applications in such a state.", TagOccurrence.AtLeastOne),
        new(Published, "a directory entry can be revoked only while its application is in such a state.", TagOccurrence.AtLeastOne),
    ];

    /// <summary>The tags of the call lifecycle (<c>workflows/call.json</c>).</summary>
    public static readonly IReadOnlyList<TagDeclaration> ForCalls =
    [
        new(Editable, "only a call in this state can be changed.", TagOccurrence.ExactlyOne),
        new(AcceptingApplications, "applications are created and submitted only while the call is here; entering it pins the workflow version.",
            TagOccurrence.ExactlyOne),
        new(Listed, "everyone, signed in or not, sees the calls in such states.", TagOccurrence.AtLeastOne),
    ];
}
