using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Pages.Applications;
using YangFan.Benchmarks.Api.Pages.Auth;
using YangFan.Benchmarks.Api.Pages.Directories;
using YangFan.Benchmarks.Api.Pages.Layout;
using YangFan.Benchmarks.Api.Pages.Shared;
using YangFan.Benchmarks.Api.Pages.Notices;
using YangFan.Benchmarks.Api.Pages.Notifications;
using YangFan.Benchmarks.Api.Pages.Organisations;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Pages;

/// <summary>
/// The web pages: Razor components rendered on the server (static rendering, no per-user state in memory), in Chinese
/// by default and in English on request, beside the JSON API in the same host (docs/decisions/0022).
/// </summary>
public static class PagesSetup
{
    public const string DefaultCulture = "zh-CN";
    public static readonly string[] Cultures = [DefaultCulture, "en"];

    public static IServiceCollection AddWebPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddLocalization();
        services.AddPageCompression();
        services.AddSingleton<ReferenceNames>();
        // Razor would write every Chinese character as an entity (&#x4E2D;): several times the bytes, and unreadable.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(DefaultCulture).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            // The visible switch keeps its choice in the culture cookie; otherwise the browser's languages decide.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>
    /// The files under wwwroot, the pages' language (not the API's: its messages stay as they are), then antiforgery,
    /// which checks the forms of pages and page endpoints after authentication has read the session cookie.
    /// </summary>
    public static WebApplication UseWebPages(this WebApplication app)
    {
        // Static files as middleware, not MapStaticAssets: with MapStaticAssets, every unknown POST (under /api too)
        // was answered 405 instead of 404 (ClockEndpointTests caught it).
        app.UsePageCompression();
        app.UseStaticFiles(StaticAssets.Options());
        app.UseWhen(http => !PageSessions.IsApi(http.Request.Path), pages => pages.UseRequestLocalization());
        app.UseAntiforgery();
        app.UseConditionalPages();
        app.UseUnreadNotifications();
        return app;
    }

    public static WebApplication MapWebPages(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<StorageOptions>();
        var pages = app.MapRazorComponents<App>();
        pages.Add(ObjectionForm.AcceptsEvidence(storage));
        // The application page's posts may carry an attachment: the API's upload limit.
        pages.Add(PageBodyLimit.For<ApplicationPage>(storage.MaxAttachmentBytes + 64 * 1024));
        pages.Add(OrganisationPages.AcceptsDocuments(storage));
        pages.Add(PasswordPages.RateLimited);
        LanguageSwitch.Map(app);
        SignOutEndpoint.Map(app);
        LatestDirectory.Map(app);
        AdminNotices.AdminNoticeLinks.Map(app);
        ApplicantDownloads.Map(app);
        ReviewerDownloads.Map(app);
        Recommenders.RecommenderDownloads.Map(app);
        OrganisationPages.Map(app);
        return app;
    }

    /// <summary>The language a page is rendered in, as <c>&lt;html lang&gt;</c> names it.</summary>
    public static string Language => CultureInfo.CurrentUICulture.Name;

    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
}
