using System.Globalization;
using YangFan.Benchmarks.Api.Features.Reviews;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Api.Pages.Experts;

/// <summary>
/// Where an expert's assignment stands, as the expert's pages name it: awaiting the conflict confirmation (待确认回避),
/// to review (待评审), a draft saved (草稿), submitted (已提交), or ended (已结束: declined, a conflict, the round closed or
/// the application moved on). The names are resource keys after "Status".
/// </summary>
public static class ExpertStatus
{
    public const string Ended = "Ended";

    public static string Of(MyAssignmentView a) => a.Status switch
    {
        _ when !a.Open => Ended,
        nameof(AssignmentStatus.Assigned) when a.ConfirmedAt is null => "AwaitingConfirmation",
        nameof(AssignmentStatus.Assigned) when a.DraftSavedAt is not null => "Draft",
        nameof(AssignmentStatus.Assigned) => "ToReview",
        _ => "Submitted",
    };

    /// <summary>Whether nothing is left for the expert to do: the review is in, or the assignment has ended.</summary>
    public static bool IsDone(MyAssignmentView a) => a.Status != nameof(AssignmentStatus.Assigned) || !a.Open;

    /// <summary>Whether the review is in: submitted, in a round still open or closed since.</summary>
    public static bool IsSubmitted(MyAssignmentView a) => a.Status == nameof(AssignmentStatus.Submitted);

    /// <summary>
    /// A weighted total as the pages show it, to 2 decimals without trailing zeros; wwwroot/js/review-total.js rounds the
    /// live total the same way.
    /// </summary>
    public static string Total(decimal total) =>
        Math.Round(total, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);
}
