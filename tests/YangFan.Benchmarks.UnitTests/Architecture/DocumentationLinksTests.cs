using System.Text;
using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// The docs point at the code that decides instead of restating it (issue 11 §4); these tests keep the pointers true.
/// In README.md and docs/**/*.md every relative link reaches a file (and its heading, for <c>file.md#anchor</c>), and
/// every backticked repository path (<c>src/…</c>, <c>Features/Applications/ApplicationAccess.cs</c>, <c>WorkflowHost/Guards/</c>)
/// names a file or folder that exists.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Top-level folders a backticked path may start from.</summary>
    private static readonly string[] RepositoryFolders = ["src", "tests", "workflows", "seeds", "tools", "docs"];

    [Fact]
    public void Every_relative_link_in_the_docs_reaches_an_existing_file_and_heading()
    {
        var broken = new List<string>();
        foreach (var document in Documents())
        {
            foreach (var (line, target) in Links(document))
            {
                if (Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase))
                    continue; // http:, https:, mailto:
                var hash = target.IndexOf('#');
                var file = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var path = file.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, file));
                if (!File.Exists(path) && !Directory.Exists(path))
                    broken.Add($"{Relative(document)}:{line}: {target} (no such file)");
                else if (anchor is { Length: > 0 } && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(path).Contains(anchor))
                    broken.Add($"{Relative(document)}:{line}: {target} (no such heading)");
            }
        }

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Every_backticked_repository_path_in_the_docs_exists()
    {
        var roots = RepositoryFolders.Select(f => Path.Combine(Root, f))
            .Concat(Directory.GetDirectories(Path.Combine(Root, "src")))
            .Concat(Directory.GetDirectories(Path.Combine(Root, "tests")))
            .ToList();
        var broken = new List<string>();
        foreach (var document in Documents())
        {
            foreach (var (line, path) in RepositoryPaths(document, roots))
            {
                var candidates = RepositoryFolders.Contains(path.Split('/')[0])
                    ? [Path.Combine(Root, path)]
                    : roots.Select(r => Path.Combine(r, path));
                if (!candidates.Any(c => File.Exists(c) || Directory.Exists(c)) && !MadeAtRunTime(path))
                    broken.Add($"{Relative(document)}:{line}: `{path}`");
            }
        }

        Assert.True(broken.Count == 0, "Paths that name nothing:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("Lock order", "lock-order")]
    [InlineData("The `OpenAPI` document", "the-openapi-document")]
    [InlineData("Decisions, notice and directories", "decisions-notice-and-directories")]
    [InlineData("Who sees what (in review)", "who-sees-what-in-review")]
    [InlineData("ETags & idempotency", "etags--idempotency")]
    public void A_heading_anchor_is_its_GitHub_slug(string heading, string slug) => Assert.Equal(slug, Slug(heading));

    [Fact]
    public void A_link_to_a_missing_heading_is_reported()
    {
        var document = Path.Combine(Path.GetTempPath(), $"links-{Guid.NewGuid():N}.md");
        File.WriteAllText(document, "# Title\n\n## Lock order\n\nSee [order](#lock-order) and [gone](#no-such-heading).\n");
        try
        {
            var anchors = Anchors(document);
            var targets = Links(document).Select(l => l.Target[1..]).ToList();
            Assert.Equal(["lock-order", "no-such-heading"], targets);
            Assert.Contains("lock-order", anchors);
            Assert.DoesNotContain("no-such-heading", anchors);
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>
    /// A path through a folder that .gitignore ignores (<c>data/</c>, <c>bin/</c>, <c>TestResults/</c>) names what a run
    /// creates, such as the SQLite database under <c>src/YangFan.Benchmarks.Api/data/</c>; it cannot be in a fresh clone.
    /// </summary>
    private static bool MadeAtRunTime(string path)
    {
        var ignoredFolders = File.ReadLines(Path.Combine(Root, ".gitignore"))
            .Select(l => l.Trim())
            .Where(l => l.EndsWith('/') && !l.StartsWith('#') && !l.Contains('*'))
            .Select(l => l.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);
        return path.Split('/').Any(ignoredFolders.Contains);
    }

    private static IEnumerable<string> Documents() =>
        Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Prepend(Path.Combine(Root, "README.md"))
            .Order(StringComparer.Ordinal);

    /// <summary>The lines of a document outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Line, string Text)> Prose(string document)
    {
        var fenced = false;
        var number = 0;
        foreach (var text in File.ReadLines(document))
        {
            number++;
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
                yield return (number, text);
        }
    }

    private static IEnumerable<(int Line, string Target)> Links(string document) =>
        Prose(document).SelectMany(l => LinkPattern().Matches(WithoutCodeSpans(l.Text)).Select(m => (l.Line, m.Groups["target"].Value)));

    private static IEnumerable<(int Line, string Path)> RepositoryPaths(string document, IReadOnlyList<string> roots) =>
        Prose(document).SelectMany(l => CodeSpanPattern().Matches(l.Text).Select(m => (l.Line, m.Groups["code"].Value)))
            .Select(c => (c.Line, Path: PathSuffix().Replace(c.Item2, "")))
            .Where(c => LooksLikeRepositoryPath(c.Path, roots));

    /// <summary>
    /// A path into the repository: only path characters, at least one folder, and a first folder that is a top-level folder
    /// of the repository or of one of its projects (so routes, media types and globs are not taken for paths).
    /// </summary>
    private static bool LooksLikeRepositoryPath(string code, IReadOnlyList<string> roots)
    {
        if (!RepositoryPathPattern().IsMatch(code) || !code.Contains('/') || code.StartsWith('/') || code.Contains("//", StringComparison.Ordinal))
            return false;
        var first = code.Split('/')[0];
        return RepositoryFolders.Contains(first) || roots.Any(r => Directory.Exists(Path.Combine(r, first)));
    }

    /// <summary>The anchors GitHub gives the headings of a markdown file (a repeated slug gets -1, -2, …).</summary>
    private static HashSet<string> Anchors(string document)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in Prose(document))
        {
            var heading = HeadingPattern().Match(text);
            if (!heading.Success)
                continue;
            var slug = Slug(heading.Groups["title"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug: the text of the heading, lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Slug(string heading)
    {
        var text = LinkPattern().Replace(heading.Trim(), m => m.Groups["text"].Value);
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
                slug.Append(c);
            else if (c == ' ')
                slug.Append('-');
        }

        return slug.ToString();
    }

    private static string WithoutCodeSpans(string text) => CodeSpanPattern().Replace(text, "");

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "YangFan.Benchmarks.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("YangFan.Benchmarks.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("`(?<code>[^`]+)`")]
    private static partial Regex CodeSpanPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/]+$")]
    private static partial Regex RepositoryPathPattern();

    /// <summary>A line number or range after a path (<c>Program.cs:42</c>, <c>#L10-L20</c>) is not part of it.</summary>
    [GeneratedRegex(@"(:\d+(-\d+)?|#L\d+(-L\d+)?)$")]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"^ {0,3}#{1,6}\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();
}
