using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Workflows;

/// <summary>
/// The catalog the API registers (<c>WorkflowSteps.Default()</c>: its guards, effects, dedicated triggers and
/// <see cref="WorkflowContract"/>: roles, state tags, dates, the review and notice blocks), and the definitions in
/// <c>workflows/</c>.
/// </summary>
public static class TestCatalog
{
    private const string SolutionFile = "YangFan.Benchmarks.sln";

    public static WorkflowCatalog Create() => WorkflowSteps.Default().Catalog;

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
