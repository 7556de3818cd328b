using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// What a guard or effect sees: the application, its call, who acts, the database, the stored workflows and forms, who
/// tells people of it (<see cref="Mail.Notifier"/>), and the comment the transition was fired with (an effect's).
/// </summary>
public sealed record StepContext(AppDbContext Db, Application Application, Call Call, Actor Actor, CompiledWorkflow Workflow, TimeProvider Time,
    WorkflowLibrary Workflows, FormHost.FormLibrary Forms, Mail.Notifier Notifier, string? Comment = null)
{
    /// <summary>What guards that did not hold found, in their words and numbers: the refusal's problem carries them.</summary>
    public List<GuardFinding> Findings { get; } = [];
}

/// <summary>
/// Why a guard did not hold, beyond its description: <paramref name="Detail"/> replaces the description in the refusal's
/// detail, and <paramref name="Facts"/> become the problem's members, so a page can say it in Chinese with the numbers.
/// </summary>
public sealed record GuardFinding(string Guard, string Detail, IReadOnlyDictionary<string, object?> Facts);
