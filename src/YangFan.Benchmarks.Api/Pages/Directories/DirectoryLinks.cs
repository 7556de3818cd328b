namespace YangFan.Benchmarks.Api.Pages.Directories;

/// <summary>
/// The directory pages' URLs. A version's URL names the version's id, which never changes and never points at other
/// content; an entry's URL is its version's page searched for its organisation, at the entry's anchor. The latest
/// version of a call has a URL of its own that redirects to it.
/// </summary>
public static class DirectoryLinks
{
    public static string Version(Guid id) => $"/directories/{id}";

    public static string Latest(Guid callId) => $"/directories/calls/{callId}/latest";

    public static string Entry(Guid versionId, Guid entryId, string organisation) =>
        $"{Version(versionId)}?keyword={Uri.EscapeDataString(organisation.Length > 100 ? organisation[..100] : organisation)}#{Anchor(entryId)}";

    public static string Anchor(Guid entryId) => $"entry-{entryId}";

    public static string Export(Guid id, string format) => $"/api/directories/{id}/export?format={format}";

    /// <summary>A page of the version with the same search: the query string the search form would send.</summary>
    public static string Page(Guid id, string? keyword, string? sector, string? province, int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(keyword)) query.Add("keyword=" + Uri.EscapeDataString(keyword));
        if (!string.IsNullOrEmpty(sector)) query.Add("sector=" + Uri.EscapeDataString(sector));
        if (!string.IsNullOrEmpty(province)) query.Add("province=" + Uri.EscapeDataString(province));
        if (page > 1) query.Add("page=" + page);
        return Version(id) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
