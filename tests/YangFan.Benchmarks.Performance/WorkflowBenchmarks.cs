using BenchmarkDotNet.Attributes;
using Stateless;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Performance;

/// <summary>
/// The workflow engine against its targets (issue 3): load + validate + compile a default definition under 5 ms, and
/// firing a transition on a compiled definition within 2× of a bare Stateless machine of the same shape.
/// </summary>
[MemoryDiagnoser]
public class WorkflowBenchmarks
{
    private const string SolutionFile = "YangFan.Benchmarks.sln";

    // The host's catalog, as the API registers it (WorkflowSteps.Default()).
    private static readonly WorkflowCatalog Catalog = new WorkflowCatalog()
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
        .Anchor("callClosesAt", "When the application's call closes.");

    private string _json = null!;
    private CompiledWorkflow _compiled = null!;
    private CompiledTransition _shortlist = null!;
    private StateMachine<string, string> _bare = null!;
    private string _bareState = "";

    [GlobalSetup]
    public void Setup()
    {
        _json = File.ReadAllText(Path.Combine(RepositoryRoot(), "workflows", "demonstration-benchmark.json"));
        _compiled = WorkflowLoader.LoadAndCompile(_json, Catalog);
        _shortlist = _compiled.TransitionsFrom("Deliberation").Single(t => t.Trigger == "shortlist");

        // The floor: the same states and guarded transitions, configured directly on Stateless with an external
        // state, and guards that always hold (the engine evaluates the host's guards before it fires).
        _bare = new StateMachine<string, string>(() => _bareState, s => _bareState = s, FiringMode.Immediate);
        foreach (var state in _compiled.Definition.States)
            _bare.Configure(state.Name);
        foreach (var t in _compiled.Definition.Transitions)
            foreach (var from in t.From)
            {
                if (from == t.To)
                    _bare.Configure(from).PermitReentryIf(t.Trigger, () => true);
                else
                    _bare.Configure(from).PermitIf(t.Trigger, t.To, () => true);
            }
    }

    [Benchmark]
    public CompiledWorkflow LoadValidateCompile() => WorkflowLoader.LoadAndCompile(_json, Catalog);

    [Benchmark]
    public string FireCompiled() => _compiled.Fire("Deliberation", _shortlist);

    [Benchmark(Baseline = true)]
    public string FireBareStateless()
    {
        _bareState = "Deliberation";
        _bare.Fire("shortlist");
        return _bareState;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No folder containing {SolutionFile} above {AppContext.BaseDirectory}.");
    }

    public sealed record NotifyArgs(string Role, string Message);
}
