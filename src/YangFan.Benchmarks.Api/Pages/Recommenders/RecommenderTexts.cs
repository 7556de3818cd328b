using System.Globalization;
using Microsoft.Extensions.Localization;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Pages.Shared;

namespace YangFan.Benchmarks.Api.Pages.Recommenders;

/// <summary>
/// Texts the recommender's pages share (RecommenderTexts.resx, RecommenderTexts.en.resx): the authority's quota in
/// words, and refusals of recommending and declining in the page's language, from the problem's type and its numbers.
/// </summary>
public sealed class RecommenderTexts
{
    /// <summary>The quota, used and left; a call without a limit says so.</summary>
    public static string Quota(IStringLocalizer<RecommenderTexts> say, int? quota, int used, int? left) =>
        quota is { } q ? say["Quota", q, used, left ?? 0] : say["QuotaUnlimited", used];

    /// <summary>
    /// A refused transition in words: the quota reached names the quota and how many are used, the deadline passed
    /// names it (Beijing time), a state moved on by a colleague says so; anything else a general sentence.
    /// </summary>
    public static string Refusal(IStringLocalizer<RecommenderTexts> say, ProblemException problem) => problem.Type switch
    {
        ProblemTypes.RecommenderQuotaReached when Number(problem, "quota") is { } quota && Number(problem, "used") is { } used =>
            say["Problem.quota-reached", quota, used],
        ProblemTypes.RecommendationDeadlinePassed when problem.Extensions.GetValueOrDefault("deadline") is DateTimeOffset deadline =>
            say["Problem.deadline-passed", ChinaTime.Display(deadline)],
        _ when problem.MovedOnSinceRead => say["Problem.stale"],
        _ => say["Problem.other"],
    };

    private static int? Number(ProblemException problem, string key) =>
        problem.Extensions.GetValueOrDefault(key) is IConvertible n ? Convert.ToInt32(n, CultureInfo.InvariantCulture) : null;
}
