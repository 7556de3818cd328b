using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>Why the runtime would not fire a trigger.</summary>
public enum RefusalKind { DedicatedEndpoint, NotAvailable, RoleNotAllowed, CommentRequired, GuardsUnmet, Ambiguous }

/// <summary>
/// A trigger the runtime did not fire, and why: a value, not an exception. A handler turns it into its problem
/// (<see cref="ProblemException.Refused"/>); the timer dispatcher records <see cref="Reason"/> as the timer's outcome.
/// </summary>
/// <param name="Kind">Why.</param>
/// <param name="Trigger">The trigger asked for.</param>
/// <param name="State">The state it was refused from (for an applicant, the state they are shown).</param>
/// <param name="Role">The role that asked.</param>
/// <param name="UnmetGuards">The guards that do not hold, for <see cref="RefusalKind.GuardsUnmet"/>.</param>
/// <param name="ProblemType">The problem type a client receives for it (a guard may name a more specific one).</param>
/// <param name="Dedicated">The endpoint to use instead, for <see cref="RefusalKind.DedicatedEndpoint"/>.</param>
/// <param name="Findings">What unmet guards found, in their words and numbers (<see cref="GuardFinding"/>).</param>
public sealed record TransitionRefusal(RefusalKind Kind, string Trigger, string State, string Role, IReadOnlyList<CompiledGuard> UnmetGuards,
    string ProblemType, DedicatedTrigger? Dedicated = null, IReadOnlyList<GuardFinding>? Findings = null)
{
    public static TransitionRefusal ForDedicated(DedicatedTrigger dedicated, string role) =>
        new(RefusalKind.DedicatedEndpoint, dedicated.Trigger, "", role, [], ProblemTypes.DedicatedEndpoint, dedicated);

    public static TransitionRefusal From(TransitionDecision decision, string state, string trigger, string role, WorkflowSteps steps,
        IReadOnlyList<GuardFinding>? findings = null) =>
        decision.Outcome switch
        {
            DecisionOutcome.NotAvailable => new(RefusalKind.NotAvailable, trigger, state, role, [], ProblemTypes.TransitionNotAvailable),
            DecisionOutcome.RoleNotAllowed => new(RefusalKind.RoleNotAllowed, trigger, state, role, [], ProblemTypes.Forbidden),
            DecisionOutcome.CommentRequired => new(RefusalKind.CommentRequired, trigger, state, role, [], ProblemTypes.Validation),
            // A guard may name a more specific problem (e.g. the target ceiling); otherwise it is guards-unmet.
            DecisionOutcome.GuardsUnmet => new(RefusalKind.GuardsUnmet, trigger, state, role, decision.UnmetGuards,
                decision.UnmetGuards.Select(g => steps.Guards.GetValueOrDefault(g.Name)?.ProblemType).FirstOrDefault(t => t is not null)
                ?? ProblemTypes.GuardsUnmet, Findings: findings?.Where(f => decision.UnmetGuards.Any(g => g.Name == f.Guard)).ToList()),
            _ => new(RefusalKind.Ambiguous, trigger, state, role, [], ProblemTypes.Conflict),
        };

    /// <summary>The reason in words: the problem's detail, and a refused timer's outcome.</summary>
    public string Reason => Kind switch
    {
        RefusalKind.DedicatedEndpoint => $"'{Trigger}' is fired only by {Dedicated!.Endpoint}, which {Dedicated.Does}; use that endpoint.",
        RefusalKind.NotAvailable => $"'{Trigger}' cannot be fired from state '{State}'.",
        RefusalKind.RoleNotAllowed => $"The {Role} role may not fire '{Trigger}' from state '{State}'.",
        RefusalKind.CommentRequired => $"'{Trigger}' requires a comment.",
        RefusalKind.GuardsUnmet => $"'{Trigger}' cannot be fired from '{State}': " + string.Join(" ", UnmetGuards.Select(g =>
            $"[{g.Name}] {Findings?.FirstOrDefault(f => f.Guard == g.Name)?.Detail ?? g.Description}")),
        _ => $"More than one transition for '{Trigger}' holds from '{State}'; the workflow definition must be fixed.",
    };
}

/// <summary>What firing a trigger came to: fired, or the <see cref="Refusal"/>.</summary>
public readonly record struct FireResult(TransitionRefusal? Refusal)
{
    public static FireResult Fired => default;

    public bool IsFired => Refusal is null;

    /// <summary>For handlers: a refusal is the problem that says why (403, 409, 400 …), built in Problems.cs.</summary>
    public void ThrowIfRefused()
    {
        if (Refusal is { } refusal)
            throw ProblemException.Refused(refusal);
    }
}
