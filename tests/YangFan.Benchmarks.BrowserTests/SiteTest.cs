using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>Base for tests in the browser: the shared site and browser, and the checks every page must pass.</summary>
[Collection(SiteCollection.Name)]
public abstract class SiteTest(SiteFixture site)
{
    protected const string Password = "Browser-Passw0rd-2026";

    private static int _calls;

    protected static readonly FilePayload Licence = new() { Name = "营业执照.pdf", MimeType = "application/pdf", Buffer = TestData.LicencePdf };
    protected static readonly FilePayload Letter = new() { Name = "授权书.png", MimeType = "image/png", Buffer = TestData.LetterPng };

    protected static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");

    protected SiteFixture Site { get; } = site;

    /// <summary>A client of the site without credentials, for the steps the tests take over the API.</summary>
    protected HttpClient NewClient() => new() { BaseAddress = new Uri(Site.BaseAddress) };

    /// <summary>The administrator over the API.</summary>
    protected Task<HttpClient> AdminAsync() => Selection.SignedInAsync(NewClient, ApiFactory.AdminEmail, ApiFactory.AdminPassword);

    /// <summary>A fresh page signed in through the sign-in form, landing on <paramref name="returnUrl"/>.</summary>
    protected async Task<IPage> SignedInAsync(string email, string password, string locale = "zh-CN", bool javaScript = true,
        string returnUrl = "/")
    {
        var page = await Site.NewPageAsync(locale, javaScript);
        await page.GotoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("form.form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + returnUrl);
        return page;
    }

    /// <summary>
    /// A demonstration benchmark call opened by the administrator through the API, with its page title: a year of its
    /// own per call (the demo data holds the early years), so each test's call is told apart by its title.
    /// </summary>
    protected async Task<(string Title, Guid Id)> OpenCallAsync(HttpClient admin, int? recommenderQuota = null)
    {
        var year = 2050 + Interlocked.Increment(ref _calls);
        var now = DateTimeOffset.UtcNow;
        var created = await Selection.SucceedAsync(admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "demonstration-benchmark", year, batch = 1, titleZh = $"{year} 年第一批", titleEn = $"{year} first batch",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), sectors = new[] { "industrial-internet", "smart-ports" },
            recommenderQuota,
        }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{id}/open", null));
        return ($"5G 示范应用标杆 · {year} 年第一批", id);
    }

    /// <summary>Fills in and sends the sign-up form (the page must show it), with both documents, in Chinese.</summary>
    protected static async Task SignUpAsync(IPage page, string email, string organisationName, string code)
    {
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync("李工");
        await page.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("单位名称（与营业执照一致）", new() { Exact = true }).FillAsync(organisationName);
        await page.GetByLabel("统一社会信用代码", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("注册地址", new() { Exact = true }).FillAsync("广东省深圳市南山区");
        await page.GetByLabel("联系人", new() { Exact = true }).FillAsync("李工");
        await page.GetByLabel("联系电话", new() { Exact = true }).FillAsync("13800138000");
        await page.GetByLabel("营业执照", new() { Exact = true }).SetInputFilesAsync(Licence);
        await page.GetByLabel("授权书", new() { Exact = true }).SetInputFilesAsync(Letter);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并提交核验" }).ClickAsync();
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>
    /// Fails with every WCAG 2.1 A and AA violation axe-core finds on the page as it stands. axe is a script: on a page
    /// opened with JavaScript off it never answers, so check such pages' markup in a context with JavaScript on.
    /// </summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, $"{page.Url} has accessibility violations:\n" + string.Join("\n",
            result.Violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}; at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
