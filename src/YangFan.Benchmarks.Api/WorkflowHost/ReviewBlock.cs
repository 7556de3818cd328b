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

    /// <summary>
    /// Whether an expert who has submitted their own review may read the other experts' submitted reviews of the
    /// same application and round (scores and comments, never who wrote them). Off unless the workflow says so.
    /// </summary>
    public bool ShowOtherReviewsAfterSubmission { get; init; }

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
            else if (criterion.Guide is { } guide)
                foreach (var error in ScoringGuide.Check(guide, criterion.Max, $"$.review.criteria[{c}].guide"))
                    yield return error;
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

    /// <summary>The scoring guide (评分标准) experts read beside the criterion; optional.</summary>
    public ScoringGuide? Guide { get; init; }
}

/// <summary>
/// How to score one criterion: a text for the criterion and score bands that cover 0..max without gaps or overlaps.
/// Bands meet at their bounds: a band holds its <c>min</c> and the scores below its <c>max</c>; the top band also
/// holds the criterion's maximum. So "90–100 优秀" and "75–90 良好" put 90 in 优秀.
/// </summary>
public sealed record ScoringGuide
{
    public LocalizedText? Text { get; init; }
    public IReadOnlyList<ScoreBand> Bands { get; init; } = [];

    /// <summary>The guide's rules, each error at its JSON path under <paramref name="path"/>.</summary>
    public static IEnumerable<WorkflowError> Check(ScoringGuide guide, decimal max, string path)
    {
        if (guide.Text is not null && (string.IsNullOrWhiteSpace(guide.Text.Zh) || string.IsNullOrWhiteSpace(guide.Text.En)))
            yield return new($"{path}.text", "Needs both zh and en.");
        if (guide.Text is null && guide.Bands.Count == 0)
            yield return new(path, "A guide needs a text, bands or both.");
        var bands = new List<(ScoreBand Band, int Index)>();
        for (var b = 0; b < guide.Bands.Count; b++)
        {
            var band = guide.Bands[b];
            if (band is null)
            {
                yield return new($"{path}.bands[{b}]", "Must not be null.");
                continue;
            }
            if (band.Text is null || string.IsNullOrWhiteSpace(band.Text.Zh) || string.IsNullOrWhiteSpace(band.Text.En))
                yield return new($"{path}.bands[{b}].text", "Needs both zh and en.");
            if (band.Min < 0 || band.Min >= band.Max)
                yield return new($"{path}.bands[{b}]", $"Needs 0 ≤ min < max; it has {band.Min}..{band.Max}.");
            else if (band.Max > max)
                yield return new($"{path}.bands[{b}].max", $"Must not be above the criterion's maximum, {max}.");
            else
                bands.Add((band, b));
        }
        if (bands.Count == 0 || bands.Count != guide.Bands.Count)
            yield break;
        bands.Sort((x, y) => x.Band.Min.CompareTo(y.Band.Min));
        if (bands[0].Band.Min != 0)
            yield return new($"{path}.bands[{bands[0].Index}].min", $"The bands must start at 0; nothing covers 0..{bands[0].Band.Min}.");
        for (var i = 1; i < bands.Count; i++)
        {
            var (previous, current) = (bands[i - 1], bands[i]);
            if (current.Band.Min > previous.Band.Max)
                yield return new($"{path}.bands[{current.Index}].min",
                    $"Gap: nothing covers {previous.Band.Max}..{current.Band.Min} (bands[{previous.Index}] ends at {previous.Band.Max}).");
            else if (current.Band.Min < previous.Band.Max)
                yield return new($"{path}.bands[{current.Index}].min",
                    $"Overlap: bands[{previous.Index}] already covers {current.Band.Min}..{previous.Band.Max}.");
        }
        var top = bands.MaxBy(b => b.Band.Max);
        if (top.Band.Max != max)
            yield return new($"{path}.bands[{top.Index}].max", $"The bands must reach the criterion's maximum, {max}; they end at {top.Band.Max}.");
    }

    /// <summary>The band a score falls in (see the type's remarks), or null when there are no bands.</summary>
    public ScoreBand? BandOf(decimal score) =>
        Bands.Where(b => b.Min <= score).OrderByDescending(b => b.Min).FirstOrDefault();
}

/// <summary>A score band of a <see cref="ScoringGuide"/>: from <c>min</c> to <c>max</c>, with what such a score means.</summary>
public sealed record ScoreBand
{
    public decimal Min { get; init; }
    public decimal Max { get; init; }
    public LocalizedText? Text { get; init; }
}
