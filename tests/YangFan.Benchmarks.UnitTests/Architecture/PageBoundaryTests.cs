using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mono.Cecil;

namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// The pages are adapters (docs/architecture.md, "Pages"): what they show comes from the same Mediator requests the
/// API sends, so they never touch the database or a handler themselves; and what they say comes from resources, so
/// every page reads in Chinese and in English. The first rule reads the Api's IL (every type under <c>Pages</c>, the
/// components as Razor compiled them); the second reads the <c>.razor</c> files and their <c>.resx</c>.
/// </summary>
public sealed partial class PageBoundaryTests
{
    private const string PagesNamespace = "YangFan.Benchmarks.Api.Pages";
    private static readonly string PagesFolder = Path.Combine(YangFan.Benchmarks.UnitTests.Workflows.TestCatalog.RepositoryRoot(), "src", "YangFan.Benchmarks.Api", "Pages");

    [Fact]
    public void Pages_reach_data_only_by_sending_requests_through_Mediator()
    {
        var features = ApiFeatures.Load();
        var pages = features.Module.GetTypes().Where(t => OutermostNamespace(t).StartsWith(PagesNamespace, StringComparison.Ordinal)).ToList();
        Assert.Contains(pages, t => t.Name == "Indicators");

        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
            foreach (var used in ApiFeatures.ReferencesOf(page).SelectMany(r => ApiFeatures.Unwrap(r as TypeReference ?? r.DeclaringType)))
                if (WhyNot(used) is { } why)
                    violations.Add($"{FeatureBoundaryTests.Written(page).FullName} uses {used.FullName}: {why}.");

        Assert.True(violations.Count == 0, "Pages must send the feature's request through ISender instead:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Pages_hold_no_Chinese_text_of_their_own_and_every_text_key_they_name_is_in_their_resources()
    {
        var components = Directory.EnumerateFiles(PagesFolder, "*.razor", SearchOption.AllDirectories).ToList();
        var resources = Directory.EnumerateFiles(PagesFolder, "*.resx", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.') < 0)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), Keys);
        var problems = new List<string>();
        var checkedKeys = 0;

        foreach (var file in components)
        {
            var name = Path.GetRelativePath(PagesFolder, file);
            var markup = Comments().Replace(File.ReadAllText(file), "");
            problems.AddRange(Chinese().Matches(markup).Select(m => $"{name} has Chinese text of its own ('{m.Value}'): put it in a resource."));
            foreach (Match localizer in Localizers().Matches(markup))
            {
                var (resource, variable) = (localizer.Groups[1].Value, localizer.Groups[2].Value);
                if (!resources.TryGetValue(resource, out var keys))
                {
                    problems.Add($"{name} reads texts of {resource}, which has no {resource}.resx under Pages/.");
                    continue;
                }
                foreach (Match use in Regex.Matches(markup, $@"(?<![\w.]){variable}\[""([^""]+)""\s*[\],]"))
                {
                    checkedKeys++;
                    if (!keys.Contains(use.Groups[1].Value))
                        problems.Add($"{name}: {variable}[\"{use.Groups[1].Value}\"] is not in {resource}.resx (the page would show the key).");
                }
            }
        }

        Assert.True(checkedKeys > 20, $"Only {checkedKeys} text keys were found in the pages: is the check still reading them?");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Why a page may not use a type; null when it may.</summary>
    private static string? WhyNot(TypeReference type)
    {
        var ns = OutermostNamespace(type);
        if (ns == "YangFan.Benchmarks.Api.Data" || ns.StartsWith("YangFan.Benchmarks.Api.Data.", StringComparison.Ordinal))
            return "the database (Data), which only handlers use";
        if (ns.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            return "EF Core, which only handlers use";
        if (ApiFeatures.AreaOf(type) is not null && (type as TypeDefinition ?? type.Resolve()) is { } definition
            && (ApiFeatures.IsHandler(definition) || ApiFeatures.IsValidator(definition)))
            return "a feature's handler or validator, which the Mediator pipeline runs";
        return null;
    }

    private static string OutermostNamespace(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type.Namespace;
    }

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    /// <summary>Razor, HTML and C# comments: they may say anything.</summary>
    [GeneratedRegex(@"@\*.*?\*@|<!--.*?-->|/\*.*?\*/|(?<!:)//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"[\u3400-\u9FFF\uF900-\uFAFF\u3000-\u303F\uFF00-\uFFEF]+")]
    private static partial Regex Chinese();

    /// <summary><c>@inject IStringLocalizer&lt;Home&gt; T</c>: the resource and the name the component reads it by.</summary>
    [GeneratedRegex(@"@inject\s+IStringLocalizer<(\w+)>\s+(\w+)")]
    private static partial Regex Localizers();
}
