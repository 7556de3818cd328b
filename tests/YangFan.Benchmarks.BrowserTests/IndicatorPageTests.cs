using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class IndicatorPageTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task From_home_a_person_reaches_the_indicators_and_the_page_passes_the_WCAG_2_1_AA_checks()
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "监测指标" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Site.BaseAddress + "/indicators");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("行动计划监测指标");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "各监测指标的目标、最新值与完成比例" });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(7);
        var stations = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "每万人拥有 5G 基站数" });
        await Expect(stations).ToContainTextAsync("125.6%");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task In_English_the_indicators_page_passes_the_WCAG_2_1_AA_checks()
    {
        var page = await Site.NewPageAsync("en");
        await page.GotoAsync("/indicators");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(7);
        await AssertAccessibleAsync(page);
    }
}
