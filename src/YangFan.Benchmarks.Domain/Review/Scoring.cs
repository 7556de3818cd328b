namespace YangFan.Benchmarks.Domain.Review;

/// <summary>One scoring criterion of a review: its key, its weight in the total, and the highest score allowed.</summary>
public sealed record Criterion(string Key, decimal Weight, decimal Max);

/// <summary>The aggregate of an application's review totals.</summary>
/// <param name="Count">How many totals were aggregated.</param>
/// <param name="Score">The aggregate by the workflow's method, rounded to 2 decimals; null when there are none.</param>
/// <param name="StdDev">Population standard deviation of the totals, rounded to 2 decimals; null when there are none.</param>
/// <param name="Disagreement">True when the standard deviation is above the workflow's threshold.</param>
public sealed record AggregateResult(int Count, decimal? Score, decimal? StdDev, bool Disagreement);

/// <summary>Per-review weighted totals and their aggregation per application (mean, median or trimmed mean).</summary>
public static class Scoring
{
    public const string Mean = "mean";
    public const string Median = "median";
    public const string TrimmedMean = "trimmed-mean";

    /// <summary>The fewest totals for which the trimmed mean drops the highest and the lowest.</summary>
    public const int TrimmedMeanMinimumCount = 5;

    /// <summary>
    /// Σ weight × score / max over all criteria: 0..100 when the weights sum to 100. Throws
    /// <see cref="ArgumentException"/> if a criterion has no score or its score is outside 0..max.
    /// </summary>
    public static decimal WeightedTotal(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, decimal> scores)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(scores);
        foreach (var criterion in criteria)
            if (!scores.ContainsKey(criterion.Key))
                throw new ArgumentException($"Criterion '{criterion.Key}' has no score.", nameof(scores));
        return RunningTotal(criteria, scores);
    }

    /// <summary>
    /// Σ weight × score / max over the criteria scored so far: the total of a draft, and the live total the review
    /// page shows while scores are entered. With every criterion scored it is <see cref="WeightedTotal"/>. Throws
    /// <see cref="ArgumentException"/> if a score is outside 0..max.
    /// </summary>
    public static decimal RunningTotal(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, decimal> scores)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(scores);

        var total = 0m;
        foreach (var criterion in criteria)
        {
            if (criterion.Max <= 0)
                throw new ArgumentException($"Criterion '{criterion.Key}' must have a maximum above 0.", nameof(criteria));
            if (!scores.TryGetValue(criterion.Key, out var score))
                continue;
            if (score < 0 || score > criterion.Max)
                throw new ArgumentException(
                    $"The score {score} for criterion '{criterion.Key}' is outside 0..{criterion.Max}.", nameof(scores));
            total += criterion.Weight * score / criterion.Max;
        }
        return total;
    }

    /// <summary>
    /// Aggregates an application's review totals by <paramref name="method"/>: "mean", "median" or "trimmed-mean"
    /// (drops the single highest and the single lowest when there are at least 5 totals, otherwise the mean).
    /// The disagreement flag compares the rounded standard deviation, the figure an administrator sees.
    /// </summary>
    public static AggregateResult Aggregate(string method, IReadOnlyList<decimal> totals, decimal disagreementStdDev)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(totals);
        var normalisedMethod = method.Trim().ToLowerInvariant();
        if (normalisedMethod is not (Mean or Median or TrimmedMean))
            throw new ArgumentException(
                $"Unknown aggregation method '{method}'; expected '{Mean}', '{Median}' or '{TrimmedMean}'.", nameof(method));

        if (totals.Count == 0) return new AggregateResult(0, null, null, false);

        var sorted = totals.Order().ToArray();
        var score = normalisedMethod switch
        {
            Median => MedianOf(sorted),
            TrimmedMean when sorted.Length >= TrimmedMeanMinimumCount => MeanOf(sorted.AsSpan(1, sorted.Length - 2)),
            _ => MeanOf(sorted),
        };

        var stdDev = Round(PopulationStdDev(sorted));
        return new AggregateResult(sorted.Length, Round(score), stdDev, stdDev > disagreementStdDev);
    }

    private static decimal MeanOf(ReadOnlySpan<decimal> values)
    {
        var sum = 0m;
        foreach (var value in values) sum += value;
        return sum / values.Length;
    }

    private static decimal MedianOf(decimal[] sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static decimal PopulationStdDev(decimal[] values)
    {
        var mean = MeanOf(values);
        var sumOfSquares = 0m;
        foreach (var value in values) sumOfSquares += (value - mean) * (value - mean);
        return Sqrt(sumOfSquares / values.Length);
    }

    // Newton's method in decimal, started from the double root, so that rounding to 2 decimals is exact.
    private static decimal Sqrt(decimal value)
    {
        if (value <= 0) return 0;
        var root = (decimal)Math.Sqrt((double)value);
        for (var i = 0; i < 4 && root > 0; i++) root = (root + value / root) / 2;
        return root;
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
