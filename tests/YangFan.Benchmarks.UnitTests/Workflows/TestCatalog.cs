using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Workflows;

/// <summary>The arguments of the API's <c>notify</c> effect.</summary>
public sealed record NotifyArgs(string Role, string Message);

/// <summary>
/// The catalog as the API registers it (<c>WorkflowSteps.Default()</c> with <c>DedicatedTriggers</c>, same names and
/// descriptions), and the definitions in <c>workflows/</c>.
/// </summary>
public static class TestCatalog
{
    private const string SolutionFile = "YangFan.Benchmarks.sln";

    public static WorkflowCatalog Create() => new WorkflowCatalog()
        .Guard("call-open", "The call for applications is open.")
        .Guard("recommender-covers-applicant", "The recommender's jurisdiction covers the applicant's province.")
        .Guard("reviews-complete", "The minimum number of expert reviews of the current round is in.")
        .Guard("content-complete", "Every field the programme requires for submission is filled in.")
        .Guard("required-attachments", "Every attachment kind the call requires has been uploaded.")
        .Guard("within-recommender-quota", "The recommender has recommendations left in this call's quota.")
        .Guard("within-target", "The programme's national ceiling still has room (per sector where the target is per sector).")
        .Guard("no-open-objections", "No objection to the application's public-notice entry is still unresolved.")
        .Effect<NotifyArgs>("notify", "Leaves a notification for a role.")
        .Effect("start-review-round", "Opens a fresh review round; reviews of earlier rounds no longer count.")
        .Effect("record-submission", "Records when the application was (last) submitted.")
        .Effect("record-recommendation", "Records which recommender recommended the application; it counts against their quota.")
        .Effect("mark-late-reviews", "Marks the current round's unfinished assignments as late, so administrators can reassign them.")
        .DedicatedTrigger("release", "Fired only by POST /api/calls/{id}/decisions/release, which releases every staged decision of the call at once and opens the public notice for the shortlisted ones.")
        .DedicatedTrigger("publish", "Fired only by POST /api/calls/{id}/directory, which publishes the call's approved applications as a new directory version.")
        .DedicatedTrigger("revoke", "Fired only by POST /api/directory-entries/{id}/revoke, which publishes a new directory version with the entry revoked.")
        .DedicatedTrigger("sustain-objection", "Fired only by POST /api/objections/{id}/resolve, which fires it when an administrator sustains an open objection to the entry, and records that resolution.")
        .Anchor("callClosesAt", "When the application's call closes.")
        .SubmissionEffect("record-submission",
            "it fixes the name and province the application is judged under; without it no provincial recommender covers the application.");

    /// <summary>The five programmes' application workflows.</summary>
    public static readonly string[] DefaultKeys =
        ["demonstration-benchmark", "solution-supplier", "innovation-centre", "security-centre", "regional-security-benchmark"];

    /// <summary>Every definition file in <c>workflows/</c> (everything but the schema), by key.</summary>
    public static IEnumerable<string> AllKeys() =>
        Directory.GetFiles(WorkflowsFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Where(k => k != "schema").Order(StringComparer.Ordinal);

    /// <summary>The programmes whose applicants are inspected on site between review and deliberation.</summary>
    public static readonly string[] CentreKeys = ["innovation-centre", "security-centre"];

    public static string WorkflowsFolder => Path.Combine(RepositoryRoot(), "workflows");

    public static string ReadDefinition(string key) => File.ReadAllText(Path.Combine(WorkflowsFolder, key + ".json"));

    public static CompiledWorkflow Compile(string key) => WorkflowLoader.LoadAndCompile(ReadDefinition(key), Create());

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No folder containing {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
