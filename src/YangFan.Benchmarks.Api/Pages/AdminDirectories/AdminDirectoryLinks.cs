namespace YangFan.Benchmarks.Api.Pages.AdminDirectories;

/// <summary>The console's directory addresses.</summary>
public static class AdminDirectoryLinks
{
    public static string Version(Guid id) => $"/admin/directories/{id}";

    public static string Compare(Guid id, Guid a, Guid b) => $"{Version(id)}?a={a}&b={b}#comparison";
}
