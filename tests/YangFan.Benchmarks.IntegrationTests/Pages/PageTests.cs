using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// The pages over plain HTTP: their language, their bytes, and the wall between the pages' cookie session and the
/// API's bearer tokens. What a person sees and does in a browser is in YangFan.Benchmarks.BrowserTests.
/// </summary>
public sealed partial class PageTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_home_page_is_Chinese_by_default_and_its_Chinese_is_sent_as_UTF_8_characters_not_entities()
    {
        var response = await Anonymous().GetAsync("/");

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var html = Encoding.UTF8.GetString(bytes);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("<h1>遴选进展</h1>")) >= 0, "The heading is not in the page as UTF-8.");
        Assert.DoesNotMatch(CjkEntity(), html);
    }

    [Fact]
    public async Task A_browser_asking_for_English_gets_the_page_in_English()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");

        var html = await client.GetStringAsync("/");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<h1>Progress of the selections</h1>", html);
    }

    [Fact]
    public async Task The_language_chosen_with_the_switch_wins_over_the_browsers_languages()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var html = await client.GetStringAsync("/language/en?returnUrl=%2F");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<html lang=\"en\">", await client.GetStringAsync("/account/sign-in"));
    }

    [Theory]
    [InlineData("//elsewhere.example/")]
    [InlineData("/\\elsewhere.example/")]
    [InlineData("https://elsewhere.example/")]
    public async Task The_language_switch_goes_back_only_to_a_page_of_this_site(string returnUrl)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/language/en?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_page_session_does_not_authenticate_calls_to_the_API()
    {
        var client = Anonymous();
        await SignInThroughTheFormAsync(client);
        Assert.Contains("已登录：Administrator", await client.GetStringAsync("/"));

        var response = await client.GetAsync("/api/me");

        await Expect.ProblemAsync(response, 401, "unauthenticated");
    }

    [Fact]
    public async Task A_bearer_token_does_not_sign_anyone_in_to_the_pages()
    {
        var admin = await AsAdminAsync();

        var html = await admin.GetStringAsync("/");

        Assert.DoesNotContain("已登录", html);
        Assert.Contains("href=\"/account/sign-in?returnUrl=%2F\"", html);
    }

    [Fact]
    public async Task Signing_in_without_the_antiforgery_token_is_refused_and_starts_no_session()
    {
        var client = Anonymous();
        await client.GetStringAsync("/account/sign-in");

        var response = await client.PostAsync("/account/sign-in", Form(("_handler", "sign-in"),
            ("Form.Email", ApiFactory.AdminEmail), ("Form.Password", ApiFactory.AdminPassword)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("已登录", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_is_refused_and_the_session_goes_on()
    {
        var client = Anonymous();
        await SignInThroughTheFormAsync(client);

        var response = await client.PostAsync("/account/sign-out", Form());

        await Expect.ProblemAsync(response, 400, "bad-request");
        Assert.Contains("已登录：Administrator", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Signing_out_with_the_form_ends_the_session()
    {
        var client = Anonymous();
        await SignInThroughTheFormAsync(client);
        var home = await client.GetStringAsync("/");

        var response = await client.PostAsync("/account/sign-out", Form(("__RequestVerificationToken", TokenIn(home))));

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.DoesNotContain("已登录", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_disabled_accounts_page_session_ends_at_its_next_request()
    {
        var admin = await AsAdminAsync();
        var client = Anonymous();
        var registered = await Calls.RegisterAsync(client, "page-soon-disabled@example.cn");
        await SignInThroughTheFormAsync(client, "page-soon-disabled@example.cn", "Applicant-Passw0rd");
        Assert.Contains("已登录：李工", await client.GetStringAsync("/"));

        var disable = await admin.PostAsJsonAsync($"/api/users/{registered.GetProperty("userId").GetGuid()}/disable", new { reason = "test" });
        await Expect.StatusAsync(disable, HttpStatusCode.OK);

        Assert.DoesNotContain("已登录", await client.GetStringAsync("/"));
    }

    /// <summary>Signs in (the bootstrap administrator unless told) the way a browser without JavaScript does; the client keeps the cookies.</summary>
    internal static async Task SignInThroughTheFormAsync(HttpClient client, string email = ApiFactory.AdminEmail,
        string password = ApiFactory.AdminPassword)
    {
        var page = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", Form(("_handler", "sign-in"), ("__RequestVerificationToken", TokenIn(page)),
            ("Form.Email", email), ("Form.Password", password)));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
    }

    internal static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    internal static string TokenIn(string html) => AntiforgeryToken().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>A CJK character written as an HTML entity.</summary>
    [GeneratedRegex("&#(x[3-9A-F][0-9A-F]{3}|[1-4][0-9]{4});", RegexOptions.IgnoreCase)]
    private static partial Regex CjkEntity();
}
