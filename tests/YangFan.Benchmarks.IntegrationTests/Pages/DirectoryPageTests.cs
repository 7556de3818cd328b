using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using YangFan.Benchmarks.IntegrationTests.Decisions;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// The directory pages over HTTP against PostgreSQL: what they show, their search, filters and pages in the query
/// string, revoked entries, and their validators (ETag, Last-Modified, 304) like the JSON endpoint's.
/// </summary>
public sealed partial class DirectoryPageTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Reason = "复核发现项目已停止运行，依规撤销。";

    private Task<(Guid CallId, JsonElement Directory, HttpClient Admin)> PublishedAsync() =>
        DirectoryTests.PublishAsync(Fixture, ExecuteAsync);

    private static async Task<Guid> RevokeFirstEntryAsync(HttpClient admin, Guid directoryId)
    {
        var first = (await admin.GetFromJsonAsync<JsonElement>($"/api/directories/{directoryId}"))
            .GetProperty("entries").GetProperty("items")[0].GetProperty("id").GetGuid();
        var revoked = await admin.PostAsJsonAsync($"/api/directory-entries/{first}/revoke", new { reason = Reason });
        await Expect.StatusAsync(revoked, HttpStatusCode.OK);
        return (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A further version of the call with <paramref name="count"/> entries, written round the API (a builder, not a selection).</summary>
    private async Task<Guid> LargeVersionAsync(Guid callId, int count)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash", "SupersedesId", "EntryCount", "ActiveCount")
            VALUES ('{id}', '{callId}', 'demonstration-benchmark', 10, '大名录', 'Large directory', now(), repeat('a', 64), NULL, {count}, {count});
            INSERT INTO "DirectoryEntries" ("Id", "DirectoryId", "ApplicationId", "OrganisationName", "CreditCode", "Title", "SectorCode", "ProvinceCode", "Batch", "Revoked", "RevokedReason")
            SELECT gen_random_uuid(), '{id}', gen_random_uuid(), '单位' || lpad(i::text, 3, '0'), 'C' || lpad(i::text, 17, '0'), '项目' || i,
                   CASE WHEN i % 3 = 0 THEN 'smart-ports' ELSE 'smart-city' END, CASE WHEN i % 2 = 0 THEN '44' ELSE '11' END, '2026-1', false, NULL
            FROM generate_series(1, {count}) AS i;
            """);
        return id;
    }

    [Fact]
    public async Task The_directories_page_lists_each_calls_versions_latest_first_with_the_latest_versions_URL()
    {
        var (callId, directory, admin) = await PublishedAsync();
        var first = directory.GetProperty("id").GetGuid();
        var second = await RevokeFirstEntryAsync(admin, first);

        var html = await Anonymous().GetStringAsync("/directories");

        Assert.Contains("<h1>名录</h1>", html);
        Assert.Contains("5G 示范应用标杆", html);
        var newer = html.IndexOf($"href=\"/directories/{second}\">第 2 版</a>", StringComparison.Ordinal);
        var older = html.IndexOf($"href=\"/directories/{first}\">第 1 版</a>", StringComparison.Ordinal);
        Assert.True(newer >= 0 && older > newer, html);
        Assert.Contains($"href=\"/directories/calls/{callId}/latest\"", html);
    }

    [Fact]
    public async Task The_latest_versions_URL_redirects_to_the_newest_version()
    {
        var (callId, directory, admin) = await PublishedAsync();
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal($"/directories/{directory.GetProperty("id").GetGuid()}", (await client.GetAsync($"/directories/calls/{callId}/latest")).Headers.Location?.OriginalString);

        var second = await RevokeFirstEntryAsync(admin, directory.GetProperty("id").GetGuid());

        var response = await client.GetAsync($"/directories/calls/{callId}/latest");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/directories/{second}", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/directories/calls/{Guid.NewGuid()}/latest")).StatusCode);
    }

    [Fact]
    public async Task A_version_page_shows_its_entries_with_sector_and_province_names_and_links_to_its_downloads()
    {
        var (_, directory, _) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();
        var entries = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{id}")).GetProperty("entries").GetProperty("items");

        var html = await Anonymous().GetStringAsync($"/directories/{id}");

        Assert.Contains("<html lang=\"zh-CN\">", WebUtility.HtmlDecode(html));
        Assert.Contains("（第 1 版）</h1>", html);
        foreach (var entry in entries.EnumerateArray())
        {
            Assert.Contains($"id=\"entry-{entry.GetProperty("id").GetGuid()}\"", html);
            Assert.Contains(WebUtility.HtmlEncode(entry.GetProperty("organisationName").GetString()!), html);
            Assert.Contains(entry.GetProperty("creditCode").GetString()!, html);
        }
        // The HTML encoder writes "+" as &#x2B;.
        Assert.Contains("<td>5G+智慧港口</td>", WebUtility.HtmlDecode(html));
        Assert.Contains("<td>5G+工业互联网</td>", WebUtility.HtmlDecode(html));
        foreach (var format in new[] { "csv", "xlsx", "json" })
            Assert.Contains($"href=\"/api/directories/{id}/export?format={format}\"", html);
        Assert.DoesNotContain("rel=\"prev\"", html);

        var client = Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await client.GetStringAsync($"/directories/{id}");
        Assert.Contains("(version 1)</h1>", english);
        Assert.Contains("<td>5G + smart ports</td>", WebUtility.HtmlDecode(english));
    }

    [Fact]
    public async Task Search_filters_and_pages_are_in_the_query_string_fifty_entries_a_page()
    {
        var (callId, _, _) = await PublishedAsync();
        var id = await LargeVersionAsync(callId, 120);
        var client = Anonymous();

        var first = await client.GetStringAsync($"/directories/{id}");
        Assert.Equal(50, EntryRows().Count(first));
        Assert.Contains("共 120 条，第 1 / 3 页", first);
        Assert.Contains($"href=\"/directories/{id}?page=2\" rel=\"next\"", first);

        var last = await client.GetStringAsync($"/directories/{id}?page=3");
        Assert.Equal(20, EntryRows().Count(last));
        Assert.Contains("单位120", last);
        Assert.Contains($"href=\"/directories/{id}?page=2\" rel=\"prev\"", last);

        // Every third entry is in smart-ports and every second in Guangdong: 120 / 6 = 20 in both.
        var filtered = await client.GetStringAsync($"/directories/{id}?keyword=&sector=smart-ports&province=44");
        Assert.Equal(20, EntryRows().Count(filtered));
        Assert.Contains("共 20 条，第 1 / 1 页", filtered);
        Assert.Contains("<option value=\"smart-ports\" selected>", filtered);
        Assert.Contains("<option value=\"44\" selected>", filtered);
        Assert.DoesNotContain("<td>5G+智慧城市</td>", WebUtility.HtmlDecode(filtered));
        Assert.DoesNotContain("<td>北京市</td>", filtered);

        var searched = await client.GetStringAsync($"/directories/{id}?keyword={Uri.EscapeDataString("单位007")}");
        Assert.Equal(1, EntryRows().Count(searched));
        Assert.Contains("value=\"单位007\"", searched);

        var tooLong = await client.GetAsync($"/directories/{id}?keyword={new string('x', 101)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var refused = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("id=\"keyword-error\"", refused);
        Assert.Contains("aria-describedby=\"keyword-error\"", refused);
    }

    [Fact]
    public async Task A_revoked_entry_is_shown_as_revoked_with_its_reason_in_the_new_version_and_the_earlier_version_is_linked_and_unchanged()
    {
        var (_, directory, admin) = await PublishedAsync();
        var first = directory.GetProperty("id").GetGuid();
        var second = await RevokeFirstEntryAsync(admin, first);

        var html = await Anonymous().GetStringAsync($"/directories/{second}");

        Assert.Single(Regex.Matches(html, "<tr id=\"entry-[^\"]+\" class=\"revoked\">"));
        Assert.Contains("<strong>已撤销</strong>", html);
        Assert.Contains($"撤销原因：{Reason}", html);
        var revokedAt = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/directories/{second}")).GetProperty("publishedAt").GetDateTimeOffset();
        Assert.Contains($"撤销时间（北京时间）： <time datetime=\"{Api.Pages.Shared.ChinaTime.Machine(revokedAt)}\">", WebUtility.HtmlDecode(html));
        Assert.Contains($"href=\"/directories/{first}\" rel=\"prev\">上一版本（第 1 版）</a>", html);
        var earlier = await Anonymous().GetStringAsync($"/directories/{first}");
        Assert.DoesNotContain("已撤销", earlier);
    }

    [Fact]
    public async Task A_version_page_carries_a_validator_and_a_matching_If_None_Match_or_If_Modified_Since_gets_304()
    {
        var (_, directory, _) = await PublishedAsync();
        var id = directory.GetProperty("id").GetGuid();
        var client = Anonymous();

        var first = await client.GetAsync($"/directories/{id}");
        await Expect.StatusAsync(first, HttpStatusCode.OK);
        var etag = first.Headers.ETag!;
        Assert.True(etag.IsWeak);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Contains("Accept-Language", first.Headers.Vary);
        Assert.Contains("Cookie", first.Headers.Vary);

        var again = await client.SendAsync(Conditional($"/directories/{id}", etag.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());

        var since = new HttpRequestMessage(HttpMethod.Get, $"/directories/{id}");
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(since)).StatusCode);

        // Another page or search of the same version is another representation.
        var searched = await client.SendAsync(Conditional($"/directories/{id}?sector=smart-ports", etag.ToString()));
        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
        Assert.NotEqual(etag, searched.Headers.ETag);
    }

    [Fact]
    public async Task The_validator_changes_with_the_language_and_with_who_is_signed_in()
    {
        var (_, directory, _) = await PublishedAsync();
        var path = $"/directories/{directory.GetProperty("id").GetGuid()}";
        var client = Anonymous();
        var chinese = (await client.GetAsync(path)).Headers.ETag!.ToString();

        var acceptEnglish = Conditional(path, chinese);
        acceptEnglish.Headers.AcceptLanguage.ParseAdd("en");
        var english = await client.SendAsync(acceptEnglish);
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Contains("<html lang=\"en\">", await english.Content.ReadAsStringAsync());

        await client.GetAsync($"/language/en?returnUrl={Uri.EscapeDataString(path)}");
        var switched = await client.SendAsync(Conditional(path, chinese));
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal(english.Headers.ETag, switched.Headers.ETag);
        await client.GetAsync($"/language/zh-CN?returnUrl={Uri.EscapeDataString(path)}");
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(Conditional(path, chinese))).StatusCode);

        await PageTests.SignInThroughTheFormAsync(client);
        var signedIn = await client.SendAsync(Conditional(path, chinese));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("已登录：Administrator", await signedIn.Content.ReadAsStringAsync());
        Assert.NotEqual(chinese, signedIn.Headers.ETag!.ToString());
        // The header's sign-out form carries an antiforgery token, and antiforgery's no-store is kept.
        Assert.True(signedIn.Headers.CacheControl!.NoStore, signedIn.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task The_directories_pages_validator_changes_when_a_new_version_is_published()
    {
        var (_, directory, admin) = await PublishedAsync();
        var client = Anonymous();
        var before = (await client.GetAsync("/directories")).Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(Conditional("/directories", before))).StatusCode);

        await RevokeFirstEntryAsync(admin, directory.GetProperty("id").GetGuid());

        var after = await client.SendAsync(Conditional("/directories", before));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before, after.Headers.ETag!.ToString());
        Assert.Contains("第 2 版", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_matching_If_None_Match_on_a_version_page_is_answered_without_a_statement_to_the_database()
    {
        var (_, directory, _) = await PublishedAsync();
        var path = $"/directories/{directory.GetProperty("id").GetGuid()}?page=1";
        await using var recorder = StatementRecorder.Start(Fixture.ConnectionString);
        await using var host = recorder.Host(Factory);
        var client = host.CreateClient();
        var etag = (await client.GetAsync(path)).Headers.ETag!.ToString();

        HttpResponseMessage response;
        using (recorder.Record())
            response = await client.SendAsync(Conditional(path, etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(recorder.Statements);
        using (recorder.Record())
            await Expect.StatusAsync(await client.GetAsync(path + "&keyword=x"), HttpStatusCode.OK);
        Assert.NotEmpty(recorder.Statements);
    }

    [Fact]
    public async Task An_unknown_version_is_not_found()
    {
        var response = await Anonymous().GetAsync($"/directories/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    private static HttpRequestMessage Conditional(string path, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return request;
    }

    [GeneratedRegex("<tr id=\"entry-")]
    private static partial Regex EntryRows();
}
