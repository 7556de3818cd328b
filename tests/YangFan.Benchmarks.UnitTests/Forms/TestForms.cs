using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Forms;
using YangFan.Benchmarks.UnitTests.Workflows;

namespace YangFan.Benchmarks.UnitTests.Forms;

/// <summary>The rules the API offers (with the codes of <c>seeds/</c>) and the definitions in <c>forms/</c>.</summary>
public static class TestForms
{
    public static string FormsFolder => Path.Combine(TestCatalog.RepositoryRoot(), "forms");

    public static readonly FormRuleCatalog Rules = HostFormRules.FromSeeds(Path.Combine(TestCatalog.RepositoryRoot(), "seeds"));

    private static readonly Lazy<IReadOnlyList<CompiledForm>> Shipped = new(() => FormFiles.Load(FormsFolder, Rules).Select(f => f.Form).ToList());

    /// <summary>The latest shipped version of the programme's form (forms/&lt;key&gt;.json; earlier ones may ship beside it).</summary>
    public static CompiledForm For(string programme) => Shipped.Value.Where(f => f.Definition.Programme == programme).MaxBy(f => f.Version)!;

    public static string Read(string key) => File.ReadAllText(Path.Combine(FormsFolder, key + ".json"));
}
