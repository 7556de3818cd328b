using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Features.Audit;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Features.Forms;
using YangFan.Benchmarks.Api.Features.Mail;
using YangFan.Benchmarks.Api.Features.Calls;
using YangFan.Benchmarks.Api.Features.Development;
using YangFan.Benchmarks.Api.Features.Directories;
using YangFan.Benchmarks.Api.Features.Notices;
using YangFan.Benchmarks.Api.Features.Notifications;
using YangFan.Benchmarks.Api.Features.Organisations;
using YangFan.Benchmarks.Api.Features.Progress;
using YangFan.Benchmarks.Api.Features.Recommendations;
using YangFan.Benchmarks.Api.Features.Reference;
using YangFan.Benchmarks.Api.Features.Reviews;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Features.Workflows;
using YangFan.Benchmarks.Api.Seeding;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// What <c>Program.cs</c> lists: one <c>AddX</c> per area of services, the middleware pipeline in its order, and
/// every area's endpoints. Each method only registers; the behaviour lives in the types it names.
/// </summary>
public static class HostSetup
{
    /// <summary>Request limits, the API's options, its clock (the development clock where it is on) and the proxies it believes.</summary>
    public static WebApplicationBuilder AddHostLimits(this WebApplicationBuilder builder)
    {
        var apiOptions = builder.Configuration.GetSection("Api").Get<ApiOptions>() ?? new ApiOptions();
        var developmentOptions = builder.Configuration.GetSection("Development").Get<DevelopmentOptions>() ?? new DevelopmentOptions();
        builder.Services.AddSingleton(apiOptions);
        builder.Services.AddSingleton(developmentOptions);
        builder.Services.AddSingleton(DevelopmentClock.Resolve(developmentOptions, builder.Environment));
        builder.Services.AddReverseProxy(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = apiOptions.MaxRequestBodyBytes;
            k.RequestHeaderEncodingSelector = _ => RequestText.LenientUtf8;
            RequestHeadLimits.Configure(k.Limits);
        });
        return builder;
    }

    /// <summary>The audit trail and its sealer, the token issuer, the e-mail outbox and its sender, the Data Protection key ring and reference-data seeding.</summary>
    public static IServiceCollection AddIdentityServices(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddKeyRing(configuration, dataDirectory);
        services.AddScoped<AuditTrail>();
        services.AddSingleton<AuditSealer>();
        services.AddSingleton(configuration.GetSection("Audit").Get<AuditOptions>() ?? new AuditOptions());
        services.AddHostedService<AuditSealingService>();
        services.AddScoped<TokenIssuer>();
        services.AddScoped<PasswordCheck>();
        var mailOptions = configuration.GetSection("Mail").Get<Mail.MailOptions>() ?? new Mail.MailOptions();
        services.AddSingleton(mailOptions);
        services.AddScoped<Mail.Outbox>();
        services.AddSingleton(Mail.IMailTransport.For(mailOptions, dataDirectory));
        services.AddSingleton<Mail.MailSender>();
        services.AddHostedService<Mail.MailSenderService>();
        services.AddScoped<Mail.Notifier>();
        services.AddScoped<ReferenceDataSeeder>();
        return services;
    }

    /// <summary>What the Data Protection keys of every process that serves this site are called.</summary>
    public const string KeyRingApplicationName = "YangFan.Benchmarks";

    /// <summary>
    /// The Data Protection key ring, which protects the page cookies and antiforgery tokens. On PostgreSQL it lives in
    /// the database, so every process on it accepts what another issued; on SQLite (one process) under the data
    /// directory. The fixed name lets processes share it whatever their content root (docs/decisions/0041).
    /// </summary>
    private static void AddKeyRing(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var keyRing = services.AddDataProtection().SetApplicationName(KeyRingApplicationName);
        var provider = (configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider;
        if (provider == DatabaseProvider.Postgres)
            keyRing.PersistKeysToDbContext<AppDbContext>();
        else
            keyRing.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
    }

    /// <summary>The engine's host side: its catalog of guards and effects, the runtime, timers and imports.</summary>
    public static IServiceCollection AddWorkflowHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Workflows").Get<WorkflowOptions>() ?? new WorkflowOptions());
        services.AddSingleton(WorkflowSteps.Default());
        services.AddSingleton(sp => new WorkflowCache(sp.GetRequiredService<WorkflowSteps>().Catalog));
        services.AddSingleton<PublishedWorkflows>();
        services.AddScoped<WorkflowRuntime>();
        services.AddScoped<WorkflowHost.WorkflowLibrary>();
        services.AddScoped<WorkflowImporter>();
        services.AddScoped<ApplicationLauncher>();
        services.AddScoped<CallLifecycle>();
        services.AddScoped<IdempotencyOutcome>();
        services.AddSingleton<TimerDispatcher>();
        services.AddHostedService<TimerDispatcherService>();
        return services;
    }

    /// <summary>Application forms as data: the rules definitions may name, the shipped definitions, the library of versions.</summary>
    public static IServiceCollection AddFormHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Forms").Get<FormHost.FormOptions>() ?? new FormHost.FormOptions());
        services.AddSingleton(_ => Seeding.ReferenceCodes.FromSeeds(
            configuration.GetSection("Seed").Get<Seeding.SeedOptions>()?.Path ?? Path.Combine(AppContext.BaseDirectory, "seeds")));
        services.AddSingleton(sp => FormHost.HostFormRules.Catalog(sp.GetRequiredService<Seeding.ReferenceCodes>()));
        services.AddSingleton<FormHost.PublishedForms>();
        services.AddScoped<FormHost.FormLibrary>();
        services.AddScoped<FormHost.FormImporter>();
        return services;
    }

    /// <summary>Expert review: the facts the conflict rules need, assignment checks, and conflicts after assignment.</summary>
    public static IServiceCollection AddReviewServices(this IServiceCollection services)
    {
        services.AddScoped<ReviewFacts>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<ConflictedAssignments>();
        return services;
    }

    /// <summary>The caches behind the public reads: directory hashes and progress, and the fold of the progress counts; the notices' limits.</summary>
    public static IServiceCollection AddPublicReadCaches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DirectoryHashes>();
        services.AddSingleton(configuration.GetSection("Progress").Get<ProgressOptions>() ?? new ProgressOptions());
        services.AddSingleton(configuration.GetSection("Notices").Get<Features.Notices.NoticeOptions>() ?? new Features.Notices.NoticeOptions());
        services.AddScoped<Features.Notices.ObjectionAdministrators>();
        services.AddSingleton<ProgressCache>();
        services.AddHostedService<ProgressFoldingService>();
        return services;
    }

    /// <summary>
    /// The attachment store: an S3-compatible bucket when <c>Storage:Provider</c> is <c>S3</c> (docs/decisions/0043),
    /// otherwise a folder under the data directory unless <c>Storage:Root</c> is absolute.
    /// </summary>
    public static IServiceCollection AddFileStorage(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var storageOptions = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(storageOptions);
        if (string.Equals(storageOptions.Provider, "S3", StringComparison.OrdinalIgnoreCase))
            return services.AddS3FileStore(storageOptions.S3);
        if (!string.Equals(storageOptions.Provider, "Local", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Storage:Provider '{storageOptions.Provider}' is neither Local nor S3.");
        services.AddSingleton<IFileStore>(new LocalFileStore(
            Path.IsPathRooted(storageOptions.Root) ? storageOptions.Root : Path.Combine(dataDirectory, storageOptions.Root)));
        return services;
    }

    /// <summary>Mediator with its pipeline (tracing, validation, logging, transaction) and the FluentValidation validators.</summary>
    public static IServiceCollection AddUseCasePipeline(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(Telemetry.TracingBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(LoggingBehaviour<,>),
                typeof(TransactionBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
            ];
        });
        // Validators without dependencies hold nothing per request: built once. Those that need the database are scoped.
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton,
            filter: v => v.ValidatorType.GetConstructors().All(c => c.GetParameters().Length == 0), includeInternalTypes: true);
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped,
            filter: v => v.ValidatorType.GetConstructors().Any(c => c.GetParameters().Length > 0), includeInternalTypes: true);
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];
        return services;
    }

    /// <summary>The HTTP contract: strict JSON binding, problem details for every error, HSTS, health checks.</summary>
    public static IServiceCollection AddHttpContract(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            RequestText.Configure(o.SerializerOptions);
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Status ??= context.HttpContext.Response.StatusCode;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = ProblemTypes.ForStatus(problem.Status.Value);
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>The middleware, in the order docs/architecture.md ("How a request flows") describes.</summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        if (app.Environment.IsProduction())
            app.UseHsts();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestHeadLimitMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<RequestTextMiddleware>();
        if (app.Configuration.GetValue("Swagger:Enabled", app.Environment.IsDevelopment()))
        {
            app.UseSwagger();
            app.UseSwaggerUI(o => o.DocumentTitle = "YangFan Benchmarks API");
        }
        app.UseAppAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Every area's endpoints, the health checks and, where configured, the development ones.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<StorageOptions>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();

        app.MapReferenceDataEndpoints();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapAuditEndpoints();
        app.MapWorkflowEndpoints();
        app.MapFormEndpoints(storage);
        app.MapCallEndpoints();
        app.MapApplicationEndpoints(storage);
        app.MapOrganisationEndpoints(storage);
        app.MapRecommendationEndpoints();
        app.MapExpertEndpoints();
        app.MapAssignmentEndpoints();
        ReleaseDecisions.Map(app);
        PreviewRelease.Map(app);
        app.MapNoticeEndpoints(storage);
        app.MapProgressEndpoints();
        app.MapDirectoryEndpoints();
        app.MapNotificationEndpoints();
        app.MapOutboxEndpoints();
        if (app.Services.GetRequiredService<DevelopmentOptions>().ClockControl)
        {
            app.MapDevelopmentEndpoints();
            app.Logger.LogWarning("Development:ClockControl is on: administrators can move this API's clock forward with POST /api/dev/clock/advance.");
        }
        return app;
    }
}
