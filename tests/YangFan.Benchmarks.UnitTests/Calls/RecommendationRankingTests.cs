using YangFan.Benchmarks.Domain.Calls;

namespace YangFan.Benchmarks.UnitTests.Calls;

public sealed class RecommendationRankingTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    [Fact]
    public void Without_a_saved_order_the_applications_rank_in_the_order_they_were_recommended() =>
        Assert.Equal([A, B, C], RecommendationRanking.Arrange([], [A, B, C]));

    [Fact]
    public void The_saved_order_stands_and_applications_recommended_since_join_at_the_end_in_the_order_recommended() =>
        Assert.Equal([C, A, B, D], RecommendationRanking.Arrange([C, A], [A, B, C, D]));

    [Fact]
    public void An_application_that_no_longer_stands_as_a_recommendation_drops_out_and_the_rest_close_up() =>
        Assert.Equal([C, A], RecommendationRanking.Arrange([C, B, A], [A, C]));

    [Fact]
    public void Authorities_take_recommendations_until_the_deadline_and_always_when_the_call_sets_none()
    {
        var deadline = new DateTimeOffset(2026, 6, 30, 16, 0, 0, TimeSpan.Zero);
        var call = new Call
        {
            ProgrammeKey = "security-centre", TitleZh = "批次", TitleEn = "Batch", Status = "Open", WorkflowKey = "security-centre", FormKey = "security-centre",
            RecommendationDeadline = deadline,
        };
        Assert.True(call.TakesRecommendations(deadline.AddTicks(-1)));
        Assert.False(call.TakesRecommendations(deadline));
        call.RecommendationDeadline = null;
        Assert.True(call.TakesRecommendations(deadline.AddYears(10)));
    }
}
