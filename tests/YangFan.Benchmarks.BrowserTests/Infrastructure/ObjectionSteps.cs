using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests.Infrastructure;

/// <summary>
/// The objector's code step in a browser: the objection's id from the code page's address, its code from the e-mail the
/// site wrote to its outbox (read in the site's database, as the objector reads their mailbox), typed into the page.
/// </summary>
public static partial class ObjectionSteps
{
    /// <summary>The objection whose code page <paramref name="page"/> shows.</summary>
    public static Guid ObjectionOn(IPage page) =>
        CodePage().Match(page.Url) is { Success: true } m ? Guid.Parse(m.Groups[1].Value) : throw new InvalidOperationException("Not a code page: " + page.Url);

    /// <summary>The code e-mailed for the objection on the page.</summary>
    public static Task<string> CodeAsync(SiteFixture site, IPage page) => Objections.CodeAsync(site.ConnectionString, ObjectionOn(page));

    /// <summary>Types the e-mailed code on the code page and confirms (labels in the page's language).</summary>
    public static async Task ConfirmAsync(SiteFixture site, IPage page, string codeLabel = "确认码", string button = "确认异议")
    {
        await page.GetByLabel(codeLabel, new() { Exact = true }).FillAsync(await CodeAsync(site, page));
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
    }

    /// <summary>An objection sent over the API as anyone would, confirmed with its e-mailed code: open, holding its entry.</summary>
    public static Task<Guid> FileAsync(SiteFixture site, HttpClient client, Guid noticeId, MultipartFormDataContent form) =>
        Objections.FileAsync(client, site.ConnectionString, noticeId, form);

    [GeneratedRegex("/objections/([0-9a-f-]{36})/confirm")]
    private static partial Regex CodePage();
}
