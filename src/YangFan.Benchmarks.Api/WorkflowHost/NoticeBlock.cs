using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The <c>notice</c> block of a definition: how long a public notice lasts. Defines the host's date
/// <see cref="WorkflowContract.NoticeEndsAnchor"/>, so a timer at that date needs it.
/// </summary>
public sealed record NoticeDefinition
{
    public int Days { get; init; }

    public static IEnumerable<WorkflowError> Check(NoticeDefinition? notice, WorkflowDefinition d)
    {
        if (notice is null)
        {
            for (var i = 0; i < d.States.Count; i++)
                if (d.States[i].Timer?.At == WorkflowContract.NoticeEndsAnchor)
                    yield return new($"$.states[{i}].timer.at", $"'{WorkflowContract.NoticeEndsAnchor}' needs a notice block.");
        }
        else if (notice.Days is < 1 or > 60)
            yield return new("$.notice.days", "Must be between 1 and 60.");
    }
}
