using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace YangFan.Benchmarks.Api.Pages;

/// <summary>
/// The pages' files under wwwroot with their version in the address (<c>/lib/echarts/echarts.common.min.js?v=…</c>, a
/// hash of the content, as <c>asp-append-version</c> does), so that a browser may keep them for a year and still
/// gets a changed file at once: the page that names it names a new address. A file asked for without its version is
/// revalidated every time (its ETag and Last-Modified come from the static file middleware). docs/decisions/0023.
/// </summary>
public sealed class StaticAssets(IWebHostEnvironment environment)
{
    public const string VersionParameter = "v";
    private const string Immutable = "public, max-age=31536000, immutable";

    private readonly ConcurrentDictionary<string, string> _hrefs = new(StringComparer.Ordinal);

    /// <summary>The address of a file under wwwroot (<c>css/site.css</c>) with its content's version.</summary>
    public string this[string path] => _hrefs.GetOrAdd(path, Versioned, environment.WebRootFileProvider);

    /// <summary>The static file middleware's options: the cache headers above.</summary>
    public static StaticFileOptions Options() => new()
    {
        OnPrepareResponse = file =>
        {
            var http = file.Context;
            http.Response.Headers.CacheControl = http.Request.Query.ContainsKey(VersionParameter) ? Immutable : "no-cache";
        },
    };

    /// <summary>Whether a request names a file under wwwroot (such a file holds nothing personal).</summary>
    public bool Exists(PathString path) =>
        path.HasValue && Path.HasExtension(path.Value) && environment.WebRootFileProvider.GetFileInfo(path.Value).Exists;

    private static string Versioned(string path, IFileProvider files)
    {
        var href = "/" + path.TrimStart('/');
        var file = files.GetFileInfo(href);
        if (!file.Exists)
            return href;
        using var content = file.CreateReadStream();
        var version = Base64UrlEncode(SHA256.HashData(content).AsSpan(0, 12));
        return $"{href}?{VersionParameter}={version}";
    }

    private static string Base64UrlEncode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
