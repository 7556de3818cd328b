using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.UnitTests.Review;

public class ScoringTests
{
    private static readonly Criterion[] Criteria =
    [
        new("innovation", 40m, 10m),
        new("benefit", 35m, 5m),
        new("replicability", 25m, 100m),
    ];

    [Fact]
    public void The_weighted_total_is_the_sum_of_weight_times_score_over_max()
    {
        var scores = new Dictionary<string, decimal> { ["innovation"] = 8m, ["benefit"] = 3m, ["replicability"] = 50m };

        // 40 × 8/10 + 35 × 3/5 + 25 × 50/100 = 32 + 21 + 12.5
        Assert.Equal(65.5m, Scoring.WeightedTotal(Criteria, scores));
    }

    [Fact]
    public void Full_marks_give_100_and_zero_marks_give_0_when_the_weights_sum_to_100()
    {
        Assert.Equal(100m, Scoring.WeightedTotal(Criteria, Criteria.ToDictionary(c => c.Key, c => c.Max)));
        Assert.Equal(0m, Scoring.WeightedTotal(Criteria, Criteria.ToDictionary(c => c.Key, _ => 0m)));
    }

    [Fact]
    public void A_missing_score_is_refused()
    {
        var scores = new Dictionary<string, decimal> { ["innovation"] = 8m, ["benefit"] = 3m };

        var error = Assert.Throws<ArgumentException>(() => Scoring.WeightedTotal(Criteria, scores));
        Assert.Contains("replicability", error.Message);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(10.01)]
    public void A_score_outside_zero_to_max_is_refused(double innovation)
    {
        var scores = new Dictionary<string, decimal>
        {
            ["innovation"] = (decimal)innovation, ["benefit"] = 3m, ["replicability"] = 50m,
        };

        var error = Assert.Throws<ArgumentException>(() => Scoring.WeightedTotal(Criteria, scores));
        Assert.Contains("innovation", error.Message);
    }

    [Fact]
    public void The_mean_averages_every_total()
    {
        var result = Scoring.Aggregate("mean", [70m, 80m, 90m, 61m], 50m);

        Assert.Equal(4, result.Count);
        Assert.Equal(75.25m, result.Score);
    }

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_total()
    {
        Assert.Equal(80m, Scoring.Aggregate("median", [90m, 10m, 80m], 50m).Score);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_totals()
    {
        Assert.Equal(75m, Scoring.Aggregate("median", [90m, 70m, 10m, 80m], 50m).Score);
    }

    [Fact]
    public void The_trimmed_mean_of_five_totals_drops_the_highest_and_the_lowest()
    {
        var result = Scoring.Aggregate("trimmed-mean", [100m, 70m, 80m, 90m, 0m], 50m);

        Assert.Equal(5, result.Count);
        Assert.Equal(80m, result.Score);
    }

    [Fact]
    public void The_trimmed_mean_of_four_totals_is_the_plain_mean()
    {
        var result = Scoring.Aggregate("trimmed-mean", [100m, 70m, 80m, 0m], 50m);

        Assert.Equal(4, result.Count);
        Assert.Equal(62.5m, result.Score);
    }

    [Fact]
    public void The_trimmed_mean_drops_only_one_of_several_equal_extremes()
    {
        Assert.Equal(50m, Scoring.Aggregate("trimmed-mean", [0m, 0m, 50m, 100m, 100m], 100m).Score);
    }

    [Fact]
    public void The_standard_deviation_is_the_population_one_over_all_totals()
    {
        // Mean 5; squared deviations 9, 1, 1, 1, 0, 0, 4, 16 → variance 4 → 2.
        var result = Scoring.Aggregate("trimmed-mean", [2m, 4m, 4m, 4m, 5m, 5m, 7m, 9m], 10m);

        Assert.Equal(2m, result.StdDev);
        Assert.Equal(4.83m, result.Score); // (4 + 4 + 4 + 5 + 5 + 7) / 6, rounded
    }

    [Fact]
    public void Score_and_standard_deviation_are_rounded_to_two_decimals()
    {
        var result = Scoring.Aggregate("mean", [70m, 80m, 81m], 50m);

        Assert.Equal(77m, result.Score);
        Assert.Equal(4.97m, result.StdDev); // √(74 / 3) = 4.966…
    }

    [Fact]
    public void Disagreement_is_flagged_only_above_the_threshold()
    {
        // Population standard deviation of 60 and 80 is exactly 10.
        Assert.False(Scoring.Aggregate("mean", [60m, 80m], 10m).Disagreement);
        Assert.True(Scoring.Aggregate("mean", [60m, 80m], 9.99m).Disagreement);
        Assert.False(Scoring.Aggregate("median", [75m, 75m, 75m], 0m).Disagreement);
    }

    [Fact]
    public void A_single_total_has_no_spread()
    {
        var result = Scoring.Aggregate("median", [66.666m], 5m);

        Assert.Equal(new AggregateResult(1, 66.67m, 0m, false), result);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("median")]
    [InlineData("trimmed-mean")]
    public void No_totals_give_an_empty_aggregate(string method)
    {
        Assert.Equal(new AggregateResult(0, null, null, false), Scoring.Aggregate(method, [], 10m));
    }

    [Fact]
    public void An_unknown_method_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Scoring.Aggregate("mode", [1m], 10m));
    }

    [Fact]
    public void The_running_total_counts_the_criteria_scored_so_far_and_equals_the_weighted_total_once_all_are()
    {
        var partial = new Dictionary<string, decimal> { [Criteria[0].Key] = Criteria[0].Max };

        Assert.Equal(Criteria[0].Weight, Scoring.RunningTotal(Criteria, partial));
        Assert.Equal(0m, Scoring.RunningTotal(Criteria, new Dictionary<string, decimal>()));
        var all = Criteria.ToDictionary(c => c.Key, c => c.Max / 2);
        Assert.Equal(Scoring.WeightedTotal(Criteria, all), Scoring.RunningTotal(Criteria, all));
        Assert.Throws<ArgumentException>(() => Scoring.RunningTotal(Criteria, new Dictionary<string, decimal> { [Criteria[0].Key] = -1 }));
    }
}
