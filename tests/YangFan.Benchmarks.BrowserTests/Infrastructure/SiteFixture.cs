using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests.Infrastructure;

/// <summary>
/// The site on a real port (Kestrel) over a throw-away PostgreSQL database with the demo data, and one headless
/// Chromium for the whole run: Debian's, by its path (Playwright never downloads a browser here). Each test opens its
/// own browser context, so cookies never pass between tests.
/// </summary>
public class SiteFixture : IAsyncLifetime
{
    /// <summary>The browser to drive; <c>YANGFAN_CHROMIUM</c> names another.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("YANGFAN_CHROMIUM") ?? "/usr/bin/chromium";

    public const string DemoPassword = "YangFan-Demo-Tests-2026";
    public const string ApplicantEmail = "applicant@demo.yangfan.cn";

    private static readonly string[] HeadlessArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"yangfan-browser-{Guid.NewGuid():N}");
    private PostgresServer _server = null!;
    private SiteFactory _factory = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseAddress { get; private set; } = null!;

    /// <summary>The site's database, for builders that write data no page writes (a published directory).</summary>
    public string ConnectionString { get; private set; } = null!;

    /// <summary>The host, for builders that write through the host's own services (a notice with an entry).</summary>
    public WebApplicationFactory<Program> Factory => _factory;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium was not found at {ChromiumPath}: install Debian's `chromium` and `fonts-wqy-microhei` (.ci/run does).");
        _server = await PostgresServer.StartAsync();
        ConnectionString = await _server.CreateDatabaseAsync($"yangfan_browser_{Guid.NewGuid():N}");
        var settings = ApiFactory.PostgresSettings(ConnectionString, _dataDirectory);
        settings["Seed:DemoData"] = "true";
        settings["Seed:DemoPassword"] = DemoPassword;
        Configure(settings);
        _factory = new SiteFactory(settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

        // The machines these run on are small and shared: waiting is generous, and no test measures time.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = HeadlessArguments,
        });
    }

    /// <summary>Settings of a site of its own on top of the shared site's (a subclass's).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>A fresh page in a context of its own, whose browser asks for <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN", bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress,
            Locale = locale,
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Marks the organisation of the applicant with this e-mail verified, as an administrator's check of its documents
    /// would: only a verified organisation submits (the demo organisation is seeded verified). For tests whose subject
    /// is not verification itself, which the organisation pages' tests walk through the pages.
    /// </summary>
    public async Task VerifyOrganisationAsync(string applicantEmail)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Api.Data.AppDbContext>();
        var organisationId = await db.Users.Where(u => u.Email == applicantEmail).Select(u => u.OrganisationId).SingleAsync();
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId);
        organisation.Verification = Domain.Organisations.VerificationStatus.Verified;
        organisation.VerificationReason = "Verified by the browser tests' fixture.";
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        await _server.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The API host as the integration tests configure it, serving its static web assets (css, wwwroot/lib), which
    /// only Development serves by itself.
    /// </summary>
    private sealed class SiteFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.UseStaticWebAssets();
        }
    }
}

/// <summary>
/// A site of its own whose clock an administrator moves forward (<c>Development:ClockControl</c>), for the walks whose
/// public notice must end: moving the shared site's clock would move every other test's deadlines with it.
/// </summary>
public sealed class ClockSiteFixture : SiteFixture
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Development:ClockControl"] = "true";
}

[CollectionDefinition(Name)]
public sealed class ClockSiteCollection : ICollectionFixture<ClockSiteFixture>
{
    public const string Name = "Site with a movable clock in Chromium";
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "Site in Chromium";
}
