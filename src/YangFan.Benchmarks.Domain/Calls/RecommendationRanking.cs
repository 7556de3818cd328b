namespace YangFan.Benchmarks.Domain.Calls;

/// <summary>
/// A recommending authority's order of its recommended applications in one call (推荐排序), shared by every account
/// of the authority. It stores the order last saved; what the authority sees is <see cref="Arrange"/> of it over the
/// applications that stand as its recommendations now, so an application returned, withdrawn or declined since drops
/// out and one recommended since joins at the end. It changes until the call's recommendation deadline
/// (<see cref="Call.TakesRecommendations"/>).
/// </summary>
public sealed class RecommendationRanking : IVersioned
{
    public Guid CallId { get; init; }

    /// <summary>The authority's <see cref="RecommendingAuthority.Key"/>.</summary>
    public required string Authority { get; init; }

    /// <summary>The application ids as last saved, first ranked first.</summary>
    public List<Guid> Order { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The account that saved the order last.</summary>
    public Guid? UpdatedBy { get; set; }

    public int Version { get; set; }

    /// <summary>
    /// The order the authority sees: the saved order of the applications that still stand as its recommendations,
    /// then those not in it, in the order given (the order they were recommended).
    /// </summary>
    public static IReadOnlyList<Guid> Arrange(IReadOnlyList<Guid> saved, IReadOnlyList<Guid> recommended)
    {
        var standing = recommended.ToHashSet();
        var ranked = saved.Where(standing.Remove).ToList();
        ranked.AddRange(recommended.Where(standing.Contains));
        return ranked;
    }
}
