using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>Base for tests in the browser: the shared site and browser, and the checks every page must pass.</summary>
[Collection(SiteCollection.Name)]
public abstract class SiteTest(SiteFixture site)
{
    protected SiteFixture Site { get; } = site;

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
