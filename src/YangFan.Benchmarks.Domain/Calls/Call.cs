using YangFan.Benchmarks.Domain;
using YangFan.Benchmarks.Domain.Attachments;

namespace YangFan.Benchmarks.Domain.Calls;

/// <summary>
/// A call for applications (申报批次): one programme, one batch of a year, open between two dates, with the
/// workflow version its applications follow pinned when it opens.
/// </summary>
public sealed class Call : IVersioned
{
    public Guid Id { get; init; }
    public required string ProgrammeKey { get; set; }
    public int Year { get; set; }
    public int Batch { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    /// <summary>The call's state in its lifecycle (workflows/call.json); the API asks the lifecycle for its tags, not its name.</summary>
    public required string Status { get; set; }
    public required string WorkflowKey { get; set; }

    /// <summary>Pinned when the call opens; null while it is a draft.</summary>
    public int? WorkflowVersion { get; set; }

    /// <summary>The version of the call's own lifecycle definition (<c>workflows/call.json</c>).</summary>
    public int LifecycleVersion { get; set; }

    /// <summary>
    /// How many applications one recommending authority may recommend in this call, unless <see cref="AuthorityQuotas"/>
    /// gives it its own; null for no limit.
    /// </summary>
    public int? RecommenderQuota { get; set; }

    /// <summary>Authorities with a quota of their own in this call.</summary>
    public List<CallAuthorityQuota> AuthorityQuotas { get; } = [];

    /// <summary>
    /// When recommending authorities are to have recommended (and ranked) their applications; null when the call does not say.
    /// </summary>
    public DateTimeOffset? RecommendationDeadline { get; set; }

    /// <summary>
    /// Whether authorities may still recommend, decline and rank at <paramref name="now"/>: until the recommendation
    /// deadline, and always when the call has none. The one rule for the workflow guard and the ranking.
    /// </summary>
    public bool TakesRecommendations(DateTimeOffset now) => RecommendationDeadline is not { } deadline || now < deadline;

    /// <summary>The application form (forms/&lt;key&gt;.json); the programme's key unless chosen otherwise.</summary>
    public required string FormKey { get; set; }

    /// <summary>
    /// The form version applications are filled in on: chosen on creation, or else the latest published when the call
    /// opens; a running call never changes form.
    /// </summary>
    public int? FormVersion { get; set; }

    public List<CallSector> Sectors { get; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; }
}

/// <summary>A key sector open in a demonstration-benchmark call.</summary>
public sealed class CallSector
{
    public Guid CallId { get; init; }
    public required string SectorCode { get; init; }
}
