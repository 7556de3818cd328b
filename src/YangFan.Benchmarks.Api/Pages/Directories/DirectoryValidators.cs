using System.Security.Cryptography;
using System.Text;
using Mediator;
using YangFan.Benchmarks.Api.Features.Directories;
using YangFan.Benchmarks.Api.Pages.Shared;

namespace YangFan.Benchmarks.Api.Pages.Directories;

/// <summary>
/// A version's page shows only that version, which never changes (and links to its earlier version, which never
/// changes either, and to the latest by a fixed URL): its content hash is the validator, read from the same memory as
/// the JSON endpoint's, so a matching If-None-Match is a 304 without touching the database. A version not read yet in
/// this process is unknown until the page has run its query.
/// </summary>
public sealed class DirectoryVersionValidator(DirectoryHashes hashes) : IPageValidator
{
    public ValueTask<PageVersion?> VersionAsync(HttpContext http, CancellationToken ct) =>
        ValueTask.FromResult<PageVersion?>(http.GetRouteValue("id") is string text && Guid.TryParse(text, out var id)
            && hashes.TryGetKnown(id, out var known) ? new PageVersion(known.Hash, known.PublishedAt) : null);
}

/// <summary>The list changes with every version published: its validator is the list itself, one small read.</summary>
public sealed class DirectoryListValidator(ISender sender) : IPageValidator
{
    public async ValueTask<PageVersion?> VersionAsync(HttpContext http, CancellationToken ct)
    {
        var directories = await sender.Send(new ListDirectories.Query(null), ct);
        var ids = string.Join(',', directories.Select(d => d.Id));
        return new PageVersion(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids))),
            directories.Count == 0 ? null : directories.Max(d => d.PublishedAt));
    }
}
