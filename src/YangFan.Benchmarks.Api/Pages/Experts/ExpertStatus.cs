using YangFan.Benchmarks.Api.Features.Reviews;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Api.Pages.Experts;

/// <summary>
/// Where an expert's assignment stands, as the expert's pages name it: awaiting the conflict confirmation (待确认回避),
/// to review (待评审), a draft saved (草稿), submitted (已提交), or ended (已结束). The names are resource keys after "Status".
/// </summary>
public static class ExpertStatus
{
    public static string Of(MyAssignmentView a) => a.Status switch
    {
        nameof(AssignmentStatus.Assigned) when a.ConfirmedAt is null => "AwaitingConfirmation",
        nameof(AssignmentStatus.Assigned) when a.DraftSavedAt is not null => "Draft",
        nameof(AssignmentStatus.Assigned) => "ToReview",
        nameof(AssignmentStatus.Submitted) => "Submitted",
        _ => "Ended",
    };

    /// <summary>Whether nothing is left for the expert to do: the review is in, or the assignment has ended.</summary>
    public static bool IsDone(MyAssignmentView a) => a.Status != nameof(AssignmentStatus.Assigned);
}
