using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>The API host under test, configured by plain settings exactly as an operator would configure it.</summary>
public sealed class ApiFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Testing",
    FakeTimeProvider? time = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@tests.yangfan.cn";
    public const string AdminPassword = "Admin-Passw0rd-Tests";
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    /// <summary>
    /// When given, the clock the API sees (token issuing and token lifetime validation included); tests move it
    /// instead of sleeping.
    /// </summary>
    public FakeTimeProvider? Time { get; } = time;

    public static Dictionary<string, string?> PostgresSettings(string connectionString, string dataDirectory) =>
        CommonSettings(dataDirectory, new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString });

    public static Dictionary<string, string?> SqliteSettings(string dataDirectory) =>
        CommonSettings(dataDirectory, new() { ["Database:Provider"] = "Sqlite" });

    /// <summary>A second API process on the same PostgreSQL database whose clock reads <paramref name="daysLater"/> days from now.</summary>
    public static ApiFactory Later(string connectionString, double daysLater, bool dispatcher = false)
    {
        var settings = PostgresSettings(connectionString, Path.Combine(Path.GetTempPath(), $"yangfan-later-{Guid.NewGuid():N}"));
        settings["Workflows:DispatcherEnabled"] = dispatcher ? "true" : "false";
        settings["Workflows:DispatchIntervalSeconds"] = "1";
        return new ApiFactory(settings, time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(daysLater)));
    }

    private static Dictionary<string, string?> CommonSettings(string dataDirectory, Dictionary<string, string?> settings)
    {
        settings["Database:DataDirectory"] = dataDirectory;
        settings["Auth:SigningKey"] = SigningKey;
        settings["Bootstrap:AdminEmail"] = AdminEmail;
        settings["Bootstrap:AdminPassword"] = AdminPassword;
        settings["Seed:DemoData"] = "false";
        // Progress right after each move, not one computation later (ProgressServedStaleTests covers the default).
        settings.TryAdd("Progress:ServeStaleWhileRefreshing", "false");
        settings["RateLimiting:Auth:PermitLimit"] = "100000";
        // Refused sign-ins are many in these tests; one test turns the pacing back on to see it.
        settings.TryAdd("Auth:RefusedSignInMilliseconds", "0");
        settings["RateLimiting:Objections:PermitLimit"] = "100000";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Swagger:Enabled"] = "true";
        settings["Workflows:DispatcherEnabled"] = "false";
        // Tests read the outbox as written; those about delivery run the sender's passes themselves (Mail/MailSenderTests).
        settings.TryAdd("Mail:SenderEnabled", "false");
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        if (Time is not null)
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
            });
    }
}

/// <summary>
/// The test server gives requests no remote address. A test that needs one (rate limits, sign-in throttling) names it
/// in <see cref="Header"/>, which this filter, ahead of the whole pipeline, turns into the connection's address.
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, rest) =>
        {
            if (IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var address))
                http.Connection.RemoteIpAddress = address;
            return rest(http);
        });
        next(app);
    };
}
