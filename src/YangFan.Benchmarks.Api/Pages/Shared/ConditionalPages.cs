using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>
/// What a page shows, as a validator: a tag that changes whenever the page's data changes (a content hash, a version
/// number) and, where the data has one, the time it last changed (Last-Modified).
/// </summary>
public readonly record struct PageVersion(string Tag, DateTimeOffset? LastModified = null);

/// <summary>
/// Computes a page's <see cref="PageVersion"/> for a request. It runs before the page renders, so it should be
/// cheap: from memory where the JSON endpoint the page mirrors answers 304 from memory, else one small read. Null
/// means "not known without rendering": the page renders, and the validator is asked again once the page has run
/// (its queries may have filled the cache the validator reads).
/// </summary>
public interface IPageValidator
{
    ValueTask<PageVersion?> VersionAsync(HttpContext http, CancellationToken ct);
}

/// <summary>
/// Opts a routable component into conditional GETs: <c>@attribute [ConditionalPage(typeof(MyPageValidator))]</c>.
/// The validator is created per request from the request's services (it may take any of them in its constructor).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConditionalPageAttribute(Type validator) : Attribute
{
    public Type Validator { get; } = validator;
}

/// <summary>
/// ETag, Last-Modified and 304 for pages, like the JSON they mirror (docs/architecture.md, "Pages"). The page's
/// validator says what the data is; the ETag adds what else changes the HTML: the path and query string (the page,
/// the search), the language, who is signed in (the header names them) and the build (the markup). A matching
/// If-None-Match (or, without one, an If-Modified-Since not older than Last-Modified) is a 304 before anything renders.
/// </summary>
public static class ConditionalPages
{
    /// <summary>Differs per build, so new markup is never answered with 304 against a page from an old one.</summary>
    private static readonly string Build = typeof(ConditionalPages).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>After authentication and the request's language: the ETag depends on both.</summary>
    public static IApplicationBuilder UseConditionalPages(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            || http.GetEndpoint()?.Metadata.GetMetadata<ConditionalPageAttribute>() is not { } page)
        {
            await next(http);
            return;
        }
        var validator = (IPageValidator)ActivatorUtilities.GetServiceOrCreateInstance(http.RequestServices, page.Validator);
        var version = await validator.VersionAsync(http, http.RequestAborted);
        if (version is { } known && Matches(http.Request, ETag(http, known), known.LastModified))
        {
            SetHeaders(http, known);
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.OnStarting(async () =>
        {
            if (http.Response.StatusCode != StatusCodes.Status200OK)
                return;
            if ((version ?? await validator.VersionAsync(http, CancellationToken.None)) is { } rendered)
                SetHeaders(http, rendered);
        });
        await next(http);
    });

    /// <summary>The page's ETag for this request; weak, because the same data renders to equivalent, not byte-identical, HTML.</summary>
    public static string ETag(HttpContext http, PageVersion version)
    {
        var user = http.User.Identity is { IsAuthenticated: true } identity ? $"{http.User.FindFirst("sub")?.Value}:{identity.Name}" : "";
        var key = string.Join('\n', version.Tag, http.Request.Path.Value, http.Request.QueryString.Value, CultureInfo.CurrentUICulture.Name, user, Build);
        return $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16))}\"";
    }

    private static void SetHeaders(HttpContext http, PageVersion version)
    {
        var headers = http.Response.Headers;
        headers.ETag = ETag(http, version);
        if (version.LastModified is { } modified)
            headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        // The language comes from the culture cookie or Accept-Language, the header from the session cookie; and a
        // browser asks again each time (no-cache), so a language switch or a sign-in is never served from its cache.
        // Added to what others set (compression's Vary; antiforgery's no-store on a page with a form token).
        headers.Append(HeaderNames.Vary, "Accept-Language, Cookie");
        if (string.IsNullOrEmpty(headers.CacheControl))
            headers.CacheControl = "no-cache";
    }

    private static bool Matches(HttpRequest request, string etag, DateTimeOffset? lastModified)
    {
        var typed = request.GetTypedHeaders();
        if (typed.IfNoneMatch is { Count: > 0 } ifNoneMatch)
        {
            var ours = EntityTagHeaderValue.Parse(etag);
            return ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
        }
        // HTTP dates have whole seconds.
        return lastModified is { } modified && typed.IfModifiedSince is { } since
            && modified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }
}
