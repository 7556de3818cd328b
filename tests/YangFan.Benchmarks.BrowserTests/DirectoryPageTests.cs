using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using Npgsql;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// A person finds a published directory from the home page, pages through it, searches it, downloads it and reaches
/// its earlier version, in Chinese; every directory page passes axe.
/// </summary>
public sealed partial class DirectoryPageTests(SiteFixture site) : SiteTest(site)
{
    private const string Title = "浏览器测试名录";
    private const string Reason = "复核发现项目已停止运行，依规撤销。";

    /// <summary>
    /// Two versions of a directory of the demo benchmark call, written as publication writes them: version 1 with 60
    /// entries, version 2 the same with 单位001 revoked. (Publishing through the API needs a whole selection; the
    /// integration tests do that.)
    /// </summary>
    private async Task<(Guid First, Guid Second)> PublishedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _published ??= await PublishAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    // The tests share the site and its database; the directory is written once.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (Guid First, Guid Second)? _published;

    private async Task<(Guid First, Guid Second)> PublishAsync()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using var connection = new NpgsqlConnection(Site.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash", "SupersedesId", "EntryCount", "ActiveCount")
            SELECT v.id, c."Id", c."ProgrammeKey", v.number, '{Title}', 'Browser test directory', now() - (3 - v.number) * interval '1 day', repeat(v.number::text, 64), v.supersedes, 60, v.active
            FROM (SELECT "Id", "ProgrammeKey" FROM "Calls" WHERE "ProgrammeKey" = 'demonstration-benchmark' ORDER BY "CreatedAt", "Id" LIMIT 1) c,
                 (VALUES ('{first}'::uuid, 1, NULL::uuid, 60), ('{second}'::uuid, 2, '{first}'::uuid, 59)) AS v(id, number, supersedes, active);
            INSERT INTO "DirectoryEntries" ("Id", "DirectoryId", "ApplicationId", "OrganisationName", "CreditCode", "Title", "SectorCode", "ProvinceCode", "Batch", "Revoked", "RevokedReason")
            SELECT gen_random_uuid(), v.id, ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, '单位' || lpad(i::text, 3, '0'),
                   'C' || lpad(i::text, 17, '0'), '5G 项目' || i, CASE WHEN i % 2 = 0 THEN 'smart-ports' ELSE 'smart-city' END, '44', '2026-1',
                   v.number = 2 AND i = 1, CASE WHEN v.number = 2 AND i = 1 THEN '{Reason}' END
            FROM generate_series(1, 60) AS i, (VALUES ('{first}'::uuid, 1), ('{second}'::uuid, 2)) AS v(id, number);
            """, connection);
        await insert.ExecuteNonQueryAsync();
        return (first, second);
    }

    [Fact]
    public async Task A_published_directory_is_found_from_home_paged_searched_downloaded_and_its_earlier_version_reached()
    {
        var (first, second) = await PublishedAsync();
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "查看各项目已发布的名录及其历次版本" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("名录");
        await AssertAccessibleAsync(page);

        await page.Locator("table", new() { HasText = Title }).GetByRole(AriaRole.Link, new() { Name = "第 2 版" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/directories/{second}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{Title}（第 2 版）");
        await Expect(page.Locator("table.entries tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("table.entries tbody tr").First).ToContainTextAsync("已撤销");
        await Expect(page.Locator("table.entries tbody tr").First).ToContainTextAsync(Reason);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?page=2$"));
        await Expect(page.Locator("table.entries tbody tr")).ToHaveCountAsync(10);
        await Expect(page.Locator("table.entries caption")).ToContainTextAsync("第 2 / 2 页");

        await page.GetByLabel("单位或项目名称").FillAsync("单位007");
        await page.GetByLabel("行业").SelectOptionAsync(new SelectOptionValue { Label = "5G+智慧城市" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"keyword=%E5%8D%95%E4%BD%8D007&sector=smart-city"));
        await Expect(page.Locator("table.entries tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.entries tbody tr")).ToContainTextAsync("5G 项目7");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV", Exact = true }).ClickAsync());
        Assert.Equal("directory-demonstration-benchmark-v2.csv", download.SuggestedFilename);
        var csv = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(61, lines.Length);
        Assert.Contains($"单位001,C00000000000000001,5G 项目1,smart-city,44,2026-1,true,{Reason}", lines);

        await page.GetByRole(AriaRole.Link, new() { Name = "上一版本（第 1 版）" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/directories/{first}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{Title}（第 1 版）");
        await Expect(page.Locator("table.entries")).Not.ToContainTextAsync("已撤销");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_directory_pages_in_English_pass_the_WCAG_2_1_AA_checks()
    {
        var (_, second) = await PublishedAsync();
        var page = await Site.NewPageAsync("en");
        await page.GotoAsync("/directories");
        await AssertAccessibleAsync(page);

        await page.GotoAsync($"/directories/{second}?sector=smart-city");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("(version 2)");
        await Expect(page.Locator("table.entries tbody tr").First).ToContainTextAsync("Revoked");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_the_directory_is_searched_and_paged_by_its_links_and_form()
    {
        var (_, second) = await PublishedAsync();
        var page = await Site.NewPageAsync("zh-CN", javaScript: false);
        await page.GotoAsync($"/directories/{second}");

        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await Expect(page.Locator("table.entries tbody tr")).ToHaveCountAsync(10);
        await page.GetByLabel("省份").SelectOptionAsync(new SelectOptionValue { Label = "广东省" });
        await page.GetByLabel("行业").SelectOptionAsync(new SelectOptionValue { Label = "5G+智慧港口" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(page.Locator("table.entries caption")).ToContainTextAsync("共 30 条，第 1 / 1 页");
    }
}
