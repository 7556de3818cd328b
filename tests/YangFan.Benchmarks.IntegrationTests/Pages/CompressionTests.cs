using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// The pages' text travels compressed as the browser asks (docs/decisions/0023): HTML, CSS and JavaScript in Brotli
/// or gzip, never for /api, never for a signed-in session's page; files named with their version are cacheable for a year.
/// </summary>
public sealed partial class CompressionTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Public_pages_their_style_sheet_and_scripts_are_sent_compressed_as_asked(string encoding)
    {
        await using var site = WithFiles();
        var client = site.CreateClient();
        var home = await client.GetStringAsync("/");
        var files = Assets().Matches(home).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains(files, f => f.StartsWith("/css/site.css?v=", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("/lib/echarts/echarts.common.min.js?v=", StringComparison.Ordinal));

        foreach (var path in new[] { "/", "/indicators" }.Concat(files))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await client.SendAsync(request);

            await Expect.StatusAsync(response, HttpStatusCode.OK);
            Assert.True(response.Content.Headers.ContentEncoding.SequenceEqual([encoding]), $"{path} was not sent as {encoding}.");
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            var text = Decompress(encoding, await response.Content.ReadAsByteArrayAsync());
            Assert.True(text.Length > 0, $"{path} decompressed to nothing.");
            if (path.Contains("?v=", StringComparison.Ordinal))
                Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task Without_Accept_Encoding_nothing_is_compressed_and_an_unversioned_file_is_revalidated()
    {
        await using var site = WithFiles();
        var client = site.CreateClient();

        using var page = await client.GetAsync("/indicators");
        using var css = await client.GetAsync("/css/site.css");

        Assert.Empty(page.Content.Headers.ContentEncoding);
        Assert.Contains("行动计划监测指标", await page.Content.ReadAsStringAsync());
        Assert.Empty(css.Content.Headers.ContentEncoding);
        Assert.Equal("no-cache", css.Headers.CacheControl?.ToString());
        Assert.NotNull(css.Headers.ETag);
    }

    [Fact]
    public async Task The_API_and_a_signed_in_sessions_pages_are_not_compressed()
    {
        var api = Anonymous();
        api.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br, gzip");
        var session = Anonymous();
        await PageTests.SignInThroughTheFormAsync(session);
        session.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br, gzip");

        using var indicators = await api.GetAsync("/api/indicators");
        using var home = await session.GetAsync("/");

        await Expect.StatusAsync(indicators, HttpStatusCode.OK);
        Assert.Empty(indicators.Content.Headers.ContentEncoding);
        await Expect.StatusAsync(home, HttpStatusCode.OK);
        Assert.Empty(home.Content.Headers.ContentEncoding);
        Assert.Contains("已登录：Administrator", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_in_session_gets_the_files_compressed_and_cacheable_like_everyone()
    {
        await using var site = WithFiles();
        var session = site.CreateClient();
        await PageTests.SignInThroughTheFormAsync(session);
        var css = Assets().Matches(await session.GetStringAsync("/")).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).First(f => f.StartsWith("/css/", StringComparison.Ordinal));

        using var request = new HttpRequestMessage(HttpMethod.Get, css);
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await session.SendAsync(request);

        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
    }

    /// <summary>The same API, serving its files under wwwroot as a published host does (the test host serves them only when told).</summary>
    private WebApplicationFactory<Program> WithFiles() => Factory.WithWebHostBuilder(b => b.UseStaticWebAssets());

    private static string Decompress(string encoding, byte[] bytes)
    {
        using Stream compressed = new MemoryStream(bytes);
        using Stream plain = encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(plain, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A style sheet's or a script's address in a page.</summary>
    [GeneratedRegex("(?:href|src)=\"(/(?:css|js|lib)/[^\"]+)\"")]
    private static partial Regex Assets();
}
