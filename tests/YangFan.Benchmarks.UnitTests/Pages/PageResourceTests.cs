using System.Xml.Linq;

namespace YangFan.Benchmarks.UnitTests.Pages;

/// <summary>
/// Every page works in Chinese and in English: each neutral (Chinese) resource file under the Api's <c>Pages/</c> has
/// an English one with exactly the same keys, and no text is left empty in either.
/// </summary>
public sealed class PageResourceTests
{
    private static readonly string PagesFolder = Path.Combine(FindRoot(), "src", "YangFan.Benchmarks.Api", "Pages");

    [Fact]
    public void Every_Chinese_page_text_has_an_English_one_and_the_other_way_round()
    {
        var neutral = Directory.EnumerateFiles(PagesFolder, "*.resx", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.') < 0).ToList();
        Assert.NotEmpty(neutral);

        var problems = new List<string>();
        foreach (var chinese in neutral)
        {
            var english = Path.ChangeExtension(chinese, ".en.resx");
            var name = Path.GetRelativePath(PagesFolder, chinese);
            if (!File.Exists(english))
            {
                problems.Add($"{name} has no English file ({Path.GetFileName(english)}).");
                continue;
            }
            var zh = Texts(chinese);
            var en = Texts(english);
            problems.AddRange(zh.Keys.Except(en.Keys).Select(k => $"{name}: '{k}' has no English text."));
            problems.AddRange(en.Keys.Except(zh.Keys).Select(k => $"{name}: '{k}' has no Chinese text."));
            problems.AddRange(zh.Concat(en).Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{name}: '{t.Key}' is empty."));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static Dictionary<string, string> Texts(string file) =>
        XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "YangFan.Benchmarks.sln")))
                return directory.FullName;
        throw new InvalidOperationException("YangFan.Benchmarks.sln not found above " + AppContext.BaseDirectory);
    }
}
