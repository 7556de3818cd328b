using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Domain.Applications;

/// <summary>
/// An application moving through its workflow. Pinned to one definition version from creation until an explicit
/// migration moves it.
/// </summary>
public sealed class Application : IVersioned
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string ProgrammeKey { get; init; }
    public required string WorkflowKey { get; init; }
    public int WorkflowVersion { get; set; }
    public required string State { get; set; }
    public DateTimeOffset StateEnteredAt { get; set; }

    /// <summary>
    /// When the state the applicant sees was entered: staging a decision or taking it back (transitions into or out of
    /// a <c>visibleAs</c> state that the applicant does not see) leaves it alone.
    /// </summary>
    public DateTimeOffset ShownStateEnteredAt { get; set; }

    /// <summary>
    /// How many of the versions were such hidden steps. Applicants see <c>Version - StagedVersions</c> as the
    /// version and ETag, so that staging a decision does not change what they can observe.
    /// </summary>
    public int StagedVersions { get; set; }

    /// <summary>Set by the runtime for the next save: a transition hidden from applicants, a visible one.</summary>
    internal bool HiddenStepPending, VisibleStepPending;

    /// <summary>The version an applicant sees.</summary>
    public int ShownVersion => Version - StagedVersions;

    /// <summary>The key sector (demonstration benchmarks only).</summary>
    public string? SectorCode { get; set; }

    /// <summary>The sector for the uniqueness rule: the sector code, or empty for programmes without sectors.</summary>
    public string SectorKey { get; set; } = "";

    /// <summary>
    /// The rest of the uniqueness rule: empty where an organisation hands in one application per call (and sector), the
    /// application's own id where its programme allows several (<see cref="Reference.Programme.SeveralPerOrganisation"/>).
    /// </summary>
    public string Slot { get; set; } = "";

    /// <summary>Project, solution or centre name, for listings.</summary>
    public string Title { get; set; } = "";

    /// <summary>The programme-specific content as JSON, as the form its call pins describes it (forms/, docs/forms.md).</summary>
    public string Content { get; set; } = "{}";

    private DateTimeOffset? _submittedAt;

    public DateTimeOffset? SubmittedAt
    {
        get => _submittedAt;
        set
        {
            _submittedAt = value;
            ListingTime = value ?? DateTimeOffset.MaxValue;
        }
    }

    /// <summary>
    /// Where the application sorts in listings, with its id: its submission time, or after every submitted application
    /// while it has never been submitted. Stored so that an index can serve the order and a cursor can continue it.
    /// </summary>
    public DateTimeOffset ListingTime { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>
    /// The organisation's name when the application was (last) submitted: what recommendation, the notice and the
    /// directory show. Null until the first submission. Set by the <c>record-submission</c> effect.
    /// </summary>
    public string? SubmittedOrganisationName { get; set; }

    /// <summary>
    /// The organisation's province when the application was (last) submitted: whose recommenders cover it and which
    /// experts the same-province rule keeps away. Null until the first submission.
    /// </summary>
    public string? SubmittedProvinceCode { get; set; }

    /// <summary>
    /// The organisation's sub-provincial city (计划单列市) when the application was (last) submitted, if it had one: that
    /// city's recommenders cover it instead of the province's. Null for any other place and until the first submission.
    /// </summary>
    public string? SubmittedCityCode { get; set; }

    public Guid? RecommendedBy { get; set; }

    /// <summary>
    /// The <see cref="Calls.RecommendingAuthority.Key"/> the recommendation was made for: it counts against that
    /// authority's quota in the call, whichever of its accounts recommended.
    /// </summary>
    public string? RecommendingAuthority { get; set; }
    public DateTimeOffset? RecommendedAt { get; set; }

    /// <summary>The current expert-review round; a fresh round starts each time the application enters review.</summary>
    public int ReviewRound { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; }
}
