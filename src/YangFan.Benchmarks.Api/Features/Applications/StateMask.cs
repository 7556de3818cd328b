using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// Staged decisions: states marked <c>visibleAs</c> in the workflow (a shortlisting or rejection not yet released)
/// are shown to applicants as the state they stand in for, and their staging steps are left out of the history.
/// </summary>
public static class StateMask
{
    public static bool Applies(ICurrentUser user) => user.Role == Roles.Applicant;

    public static string Shown(CompiledWorkflow workflow, string state) =>
        workflow.HasState(state) && workflow.State(state).VisibleAs is { } shown ? shown : state;

    public static bool IsStaged(CompiledWorkflow workflow, string? state) =>
        state is not null && workflow.HasState(state) && workflow.State(state).VisibleAs is not null;

    /// <summary>
    /// A step applicants do not see: into a staged state (a decision staged), or from one back to the state it is
    /// shown as (the decision taken back). Their history leaves it out; their version and state time ignore it.
    /// </summary>
    public static bool HiddenFromApplicants(CompiledWorkflow workflow, string? from, string to) =>
        IsStaged(workflow, to) || (IsStaged(workflow, from) && Shown(workflow, from!) == to);
}
