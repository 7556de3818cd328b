using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>An application's form as the page needs it: its errors by JSON Pointer.</summary>
public static partial class ApplicationForms
{
    /// <summary>
    /// Errors by the JSON Pointer of the value (<c>/partners/0/creditCode</c>) from the paths the validation names them by
    /// (<c>/content/partners/0/creditCode</c>, <c>content.partners[0].creditCode</c>); an error outside the content keeps its
    /// name (<c>sectorCode</c>).
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string>> Errors(IEnumerable<(string Path, string Message)> errors) =>
        errors.GroupBy(e => Pointer(e.Path), e => e.Message)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Distinct().ToList());

    public static string Pointer(string path)
    {
        if (path.StartsWith("/content", StringComparison.Ordinal))
            return path["/content".Length..];
        if (path.StartsWith("content/", StringComparison.OrdinalIgnoreCase))
            return path["content".Length..];
        if (!path.StartsWith("content", StringComparison.OrdinalIgnoreCase))
            return path;
        var rest = Index().Replace(path["content".Length..], "/$1");
        return rest.Replace('.', '/') is { Length: > 0 } pointer ? pointer : "";
    }


    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Index();
}
