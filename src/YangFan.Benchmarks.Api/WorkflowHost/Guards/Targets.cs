namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>Where an application counts toward its programme's national target.</summary>
public static class Targets
{
    /// <summary>States that hold a slot: shortlisting reserves it, rejection, withdrawal or a sustained objection release it.</summary>
    public static readonly string[] SelectedStates = ["Shortlisted", "PublicNotice", "Approved", "Published"];
}
