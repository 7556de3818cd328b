using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class HomePageTests(SiteFixture site) : SiteTest(site)
{
    private const string BenchmarkTable = "#sector-table-demonstration-benchmark";

    [Fact]
    public async Task Home_page_shows_progress_in_Chinese_as_a_chart_with_its_table_and_the_open_calls()
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("遴选进展");
        // Fifteen sectors, each with its target, in the table beside the chart.
        await Expect(page.Locator($"{BenchmarkTable} tbody tr")).ToHaveCountAsync(15);
        await Expect(page.Locator($"{BenchmarkTable} tbody tr").First).ToContainTextAsync("100");
        // The chart is drawn with the SVG renderer, so its sector names are text in the page.
        var chart = page.Locator(".chart svg");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart).ToContainTextAsync("5G+工业互联网");
        await Expect(page.Locator("section[aria-labelledby=calls-heading]")).ToContainTextAsync("2026 年 5G 示范应用标杆（演示批次）");
    }

    [Fact]
    public async Task The_language_switch_changes_to_English_and_back_and_the_choice_is_kept()
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Progress of the selections");
        await Expect(page.Locator(".chart svg")).ToContainTextAsync("5G + industrial internet");

        // A new visit in the same browser keeps English, whatever the browser's own language.
        await page.GotoAsync("/account/sign-in");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录");
    }

    [Fact]
    public async Task A_browser_that_asks_for_English_gets_English()
    {
        var page = await Site.NewPageAsync("en-US");
        await page.GotoAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator($"{BenchmarkTable} caption")).ToContainTextAsync("targets and selections by sector");
    }

    [Fact]
    public async Task Without_JavaScript_the_home_page_still_has_its_numbers()
    {
        var page = await Site.NewPageAsync("zh-CN", javaScript: false);
        await page.GotoAsync("/");

        await Expect(page.Locator($"{BenchmarkTable} tbody tr")).ToHaveCountAsync(15);
        await Expect(page.Locator(".chart svg")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_home_page_passes_the_WCAG_2_1_AA_checks(string locale)
    {
        var page = await Site.NewPageAsync(locale);
        await page.GotoAsync("/");
        await Expect(page.Locator(".chart svg")).ToBeVisibleAsync();

        await AssertAccessibleAsync(page);
    }
}
