using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Pages.PageTests;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// Two API processes on one PostgreSQL database, each with its own data directory, as replicas behind a load balancer
/// are: the Data Protection key ring is in the database, so a page session and an antiforgery token issued by one are
/// accepted by the other (docs/decisions/0041).
/// </summary>
public sealed class SharedKeyRingTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_page_session_and_an_antiforgery_token_from_one_process_are_accepted_by_another_on_the_same_database()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"yangfan-replica-{Guid.NewGuid():N}");
        await using var replica = new ApiFactory(ApiFactory.PostgresSettings(Fixture.ConnectionString, dataDirectory));
        // One browser: the same cookies go to whichever process the load balancer picks (both answer as localhost).
        var cookies = new CookieContainer();
        var first = Factory.CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(cookies));
        var second = replica.CreateDefaultClient(new CookieContainerHandler(cookies));

        await SignInThroughTheFormAsync(first);
        var inbox = await second.GetAsync("/notifications");

        await Expect.StatusAsync(inbox, HttpStatusCode.OK);
        Assert.Contains("已登录：Administrator", await inbox.Content.ReadAsStringAsync());

        var home = await first.GetStringAsync("/");
        var signOut = await second.PostAsync("/account/sign-out", Form(("__RequestVerificationToken", TokenIn(home))));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var afterwards = await second.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("/account/sign-in", afterwards.Headers.Location?.PathAndQuery ?? afterwards.Headers.Location?.OriginalString);
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }
}
