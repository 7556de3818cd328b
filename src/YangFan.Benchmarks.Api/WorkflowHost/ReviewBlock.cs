using System.Text.RegularExpressions;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The <c>review</c> block of a definition: how experts review applications in the state tagged
/// <see cref="StateTags.CollectsReviews"/>. The host registers it with the engine (<see cref="WorkflowContract"/>),
/// which binds it and runs <see cref="Check"/>.
/// </summary>
public sealed record ReviewDefinition
{
    public int MinReviewers { get; init; }
    public int MaxReviewers { get; init; }
    public string Aggregation { get; init; } = "";
    public IReadOnlyList<CriterionDefinition> Criteria { get; init; } = [];
    public decimal PassScore { get; init; }
    public decimal DisagreementStdDev { get; init; }
    public bool Blind { get; init; }
    public bool AvoidSameProvince { get; init; }

    public static readonly IReadOnlySet<string> Aggregations = new HashSet<string> { "mean", "median", "trimmed-mean" };

    /// <summary>The block's own rules, and that it comes with a collecting state and the other way round.</summary>
    public static IEnumerable<WorkflowError> Check(ReviewDefinition? review, WorkflowDefinition d)
    {
        var collecting = d.States.Select((s, i) => (Tag: s.Tags.ToList().IndexOf(StateTags.CollectsReviews), Index: i)).Where(x => x.Tag >= 0).ToList();
        if (review is null)
        {
            foreach (var (tag, i) in collecting)
                yield return new($"$.states[{i}].tags[{tag}]", "A state collects reviews but the definition has no review block.");
            yield break;
        }
        if (collecting.Count == 0)
            yield return new("$.review", $"A review block needs a state tagged {StateTags.CollectsReviews}.");
        if (review.MinReviewers < 1)
            yield return new("$.review.minReviewers", "Must be 1 or more.");
        if (review.MaxReviewers < review.MinReviewers)
            yield return new("$.review.maxReviewers", "Must be at least minReviewers.");
        if (!Aggregations.Contains(review.Aggregation ?? ""))
            yield return new("$.review.aggregation", $"Must be one of: {string.Join(", ", Aggregations)}.");
        if (review.Criteria.Count == 0)
            yield return new("$.review.criteria", "At least one criterion is required.");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < review.Criteria.Count; c++)
        {
            var criterion = review.Criteria[c];
            if (criterion is null)
            {
                yield return new($"$.review.criteria[{c}]", "Must not be null.");
                continue;
            }
            if (!KeyPattern.IsMatch(criterion.Key ?? ""))
                yield return new($"$.review.criteria[{c}].key", "Must be lower-case letters, digits and hyphens.");
            else if (!keys.Add(criterion.Key!))
                yield return new($"$.review.criteria[{c}].key", $"Duplicate criterion '{criterion.Key}'.");
            if (criterion.Weight <= 0)
                yield return new($"$.review.criteria[{c}].weight", "Must be more than 0.");
            if (criterion.Max <= 0)
                yield return new($"$.review.criteria[{c}].max", "Must be more than 0.");
        }
        var total = review.Criteria.Where(c => c is not null).Sum(c => c.Weight);
        if (review.Criteria.Count > 0 && total != 100)
            yield return new("$.review.criteria", $"Weights must sum to 100; they sum to {total}.");
        if (review.PassScore is < 0 or > 100)
            yield return new("$.review.passScore", "Must be between 0 and 100.");
        if (review.DisagreementStdDev <= 0)
            yield return new("$.review.disagreementStdDev", "Must be more than 0.");
    }

    private static readonly Regex KeyPattern = new("^[a-z][a-z0-9-]{0,63}$", RegexOptions.Compiled);
}

public sealed record CriterionDefinition
{
    public string Key { get; init; } = "";
    public LocalizedText? Title { get; init; }
    public decimal Weight { get; init; }
    public decimal Max { get; init; }
}
