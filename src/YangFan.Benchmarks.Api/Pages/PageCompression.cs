using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Pages;

/// <summary>
/// Brotli or gzip, as the browser asks (<c>Accept-Encoding</c>), for the pages' text: HTML, CSS, JavaScript, SVG.
/// Not for <c>/api</c> (its clients and load runs see what they saw before), and not for a page answering a signed-in
/// session: such a page may hold what the person is allowed to see beside text an attacker can put in it, which is what
/// BREACH needs; the public pages hold nothing of the kind (an antiforgery token is encrypted afresh for every response,
/// so it is never the same bytes twice). Files under wwwroot are compressed for everyone. docs/decisions/0023.
/// </summary>
public static class PageCompression
{
    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "image/svg+xml"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.AddSingleton<StaticAssets>();
        return services;
    }

    /// <summary>After authentication, which tells a signed-in session apart; before the files and the pages.</summary>
    public static IApplicationBuilder UsePageCompression(this IApplicationBuilder app)
    {
        var assets = app.ApplicationServices.GetRequiredService<StaticAssets>();
        return app.UseWhen(http => !PageSessions.IsApi(http.Request.Path)
            && (http.User.Identity?.IsAuthenticated != true || assets.Exists(http.Request.Path)),
            compressed => compressed.UseResponseCompression());
    }
}
