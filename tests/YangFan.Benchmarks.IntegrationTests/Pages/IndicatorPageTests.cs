using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>The plan's monitoring indicators as a page (<c>/indicators</c>), and what the home page lists.</summary>
public sealed partial class IndicatorPageTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_indicators_page_shows_each_indicators_target_latest_value_period_and_share_of_target_in_Chinese()
    {
        var html = await Anonymous().GetStringAsync("/indicators");

        Assert.Contains("<h1>行动计划监测指标</h1>", html);
        Assert.Equal(7, Rows().Matches(html).Count);
        var stations = Row(html, "base-stations-per-10k");
        Assert.Contains("<th scope=\"row\">每万人拥有 5G 基站数</th>", stations);
        Assert.Contains("18 个/万人（2023 年）", stations);
        Assert.Contains("22.6 个/万人", stations);
        Assert.Contains("2023 年 9 月", stations);
        Assert.Contains("125.6%", stations);
        // Past the target: the number says how far, the bar stops at its end.
        Assert.Contains("style=\"width: 100%\"", stations);
        Assert.Contains("20,000 个", Row(html, "virtual-private-networks"));
        Assert.Contains("尚无公布数值", Row(html, "iot-growth"));
        Assert.Contains("<caption>各监测指标的目标、最新值与完成比例</caption>", html);
    }

    [Fact]
    public async Task The_indicators_page_is_in_English_when_the_browser_asks_for_it()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var html = await client.GetStringAsync("/indicators");

        Assert.Contains("<html lang=\"en\">", html);
        var users = Row(html, "user-penetration");
        Assert.Contains("5G personal-user penetration", users);
        Assert.Contains("40% by 2023", users);
        Assert.Contains("July 2023", users);
        Assert.Contains("101.5%", users);
        Assert.Contains("22.6 per 10,000 people", Row(html, "base-stations-per-10k"));
    }

    [Fact]
    public async Task A_recorded_observation_is_the_latest_value_on_the_page_with_its_source()
    {
        var admin = await AsAdminAsync();
        var body = new { period = "2024-06", region = "national", value = 9m, source = "工业和信息化部 2024 年通信业统计公报" };
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/indicators/base-stations-per-10k/observations", body), HttpStatusCode.Created);

        var stations = Row(await Anonymous().GetStringAsync("/indicators"), "base-stations-per-10k");

        Assert.Contains("9 个/万人", stations);
        Assert.Contains("2024 年 6 月", stations);
        Assert.Contains("来源：工业和信息化部 2024 年通信业统计公报", stations);
        Assert.Contains("50%", stations);
        Assert.Contains("style=\"width: 50%\"", stations);
    }

    [Fact]
    public async Task The_indicators_are_linked_from_the_navigation_and_from_the_home_pages_targets()
    {
        var home = await Anonymous().GetStringAsync("/");
        var indicators = await Anonymous().GetStringAsync("/indicators");

        Assert.Matches("<nav class=\"site-nav\"[^>]*>\\s*<ul>\\s*<li><a href=\"/indicators\">监测指标</a>", home);
        Assert.Matches("<section aria-labelledby=\"programmes-heading\">(?:(?!</section>).)*<a href=\"/indicators\">", home.ReplaceLineEndings(" "));
        Assert.Contains("<a href=\"/indicators\" aria-current=\"page\">监测指标</a>", indicators);
    }

    [Fact]
    public async Task The_home_page_lists_only_calls_taking_applications_even_for_a_signed_in_administrator()
    {
        var admin = await AsAdminAsync();
        var now = DateTimeOffset.UtcNow;
        var draft = await admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "security-centre", year = 2026, batch = 7, titleZh = "尚未开放的草稿批次", titleEn = "A draft not yet open",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30),
        });
        await Expect.StatusAsync(draft, HttpStatusCode.Created);
        await WorkflowBuilder.OpenCallAsync(admin);
        var client = Anonymous();
        await PageTests.SignInThroughTheFormAsync(client);

        var home = await client.GetStringAsync("/");

        Assert.Contains("已登录：Administrator", home);
        Assert.Contains("2026 年第一批", home);
        Assert.DoesNotContain("尚未开放的草稿批次", home);
        // The same administrator's API listing shows the draft: only the public page leaves it out.
        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/calls");
        Assert.Contains(listed!, c => c.GetProperty("titleZh").GetString() == "尚未开放的草稿批次");
    }

    private static string Row(string html, string code) =>
        Regex.Match(html, $"<tr id=\"indicator-{Regex.Escape(code)}\">.*?</tr>", RegexOptions.Singleline) is { Success: true } row
            ? row.Value
            : throw new Xunit.Sdk.XunitException($"The page has no row for {code}.");

    [GeneratedRegex("<tr id=\"indicator-")]
    private static partial Regex Rows();
}
