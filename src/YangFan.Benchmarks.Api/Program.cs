using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using FluentValidation;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Audit;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Features.Reference;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Infrastructure.OpenApi;
using YangFan.Benchmarks.Api.Seeding;
using YangFan.Benchmarks.Api.Workflows;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Features.Workflows;
using YangFan.Benchmarks.Workflows;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Api.Features.Calls;
using YangFan.Benchmarks.Api.Features.Organisations;
using YangFan.Benchmarks.Api.Features.Recommendations;
using YangFan.Benchmarks.Api.Features.Reviews;
using YangFan.Benchmarks.Api.Features.Notices;
using YangFan.Benchmarks.Api.Features.Progress;
using YangFan.Benchmarks.Api.Features.Directories;
using YangFan.Benchmarks.Api.Features.Notifications;
using YangFan.Benchmarks.Api.Features.Development;

if (args is ["--healthcheck", var probeUrl])
    return await HealthProbe.RunAsync(probeUrl);

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;

var databaseOptions = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
var dataDirectory = DatabaseSetup.ResolveDataDirectory(databaseOptions, builder.Environment.ContentRootPath);
var apiOptions = configuration.GetSection("Api").Get<ApiOptions>() ?? new ApiOptions();

var developmentOptions = configuration.GetSection("Development").Get<DevelopmentOptions>() ?? new DevelopmentOptions();

builder.Services.AddSingleton(apiOptions);
builder.Services.AddSingleton(DevelopmentClock.Resolve(developmentOptions, builder.Environment));
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = apiOptions.MaxRequestBodyBytes;
    k.RequestHeaderEncodingSelector = _ => RequestText.LenientUtf8;
    RequestHeadLimits.Configure(k.Limits);
});

builder.Services.AddAppDatabase(configuration, builder.Environment.ContentRootPath);
builder.Services.AddAppAuth(configuration, builder.Environment, dataDirectory);
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
builder.Services.AddScoped<AuditTrail>();
builder.Services.AddScoped<TokenIssuer>();
builder.Services.AddScoped<ReferenceDataSeeder>();

var workflowOptions = configuration.GetSection("Workflows").Get<WorkflowOptions>() ?? new WorkflowOptions();
builder.Services.AddSingleton(workflowOptions);
builder.Services.AddSingleton(WorkflowSteps.Default());
builder.Services.AddSingleton(sp => new WorkflowCache(sp.GetRequiredService<WorkflowSteps>().Catalog));
builder.Services.AddScoped<WorkflowRuntime>();
builder.Services.AddScoped<WorkflowImporter>();
builder.Services.AddScoped<ApplicationLauncher>();
builder.Services.AddScoped<CallLifecycle>();
builder.Services.AddScoped<Idempotency>();
builder.Services.AddScoped<ReviewFacts>();
builder.Services.AddScoped<AssignmentService>();
builder.Services.AddScoped<ConflictedAssignments>();
builder.Services.AddSingleton<DirectoryHashes>();
builder.Services.AddSingleton(configuration.GetSection("Progress").Get<ProgressOptions>() ?? new ProgressOptions());
builder.Services.AddSingleton<ProgressCache>();
builder.Services.AddSingleton<TimerDispatcher>();
builder.Services.AddHostedService<TimerDispatcherService>();

var storageOptions = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
builder.Services.AddSingleton(storageOptions);
builder.Services.AddSingleton<IFileStore>(new LocalFileStore(
    Path.IsPathRooted(storageOptions.Root) ? storageOptions.Root : Path.Combine(dataDirectory, storageOptions.Root)));

builder.Services.AddMediator((MediatorOptions options) =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors =
    [
        typeof(ValidationBehaviour<,>),
        typeof(LoggingBehaviour<,>),
        typeof(TransactionBehaviour<,>),
    ];
});
// Validators without dependencies hold nothing per request: built once. Those that need the database are scoped.
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton,
    filter: v => v.ValidatorType.GetConstructors().All(c => c.GetParameters().Length == 0), includeInternalTypes: true);
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped,
    filter: v => v.ValidatorType.GetConstructors().Any(c => c.GetParameters().Length > 0), includeInternalTypes: true);
ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
    member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];

builder.Services.Configure<JsonOptions>(o =>
{
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    RequestText.Configure(o.SerializerOptions);
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    var problem = context.ProblemDetails;
    problem.Status ??= context.HttpContext.Response.StatusCode;
    if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        problem.Type = ProblemTypes.ForStatus(problem.Status.Value);
    problem.Instance ??= context.HttpContext.Request.Path;
    problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
});
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

builder.Services.AddApiDocumentation();

var app = builder.Build();

app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseExceptionHandler();
if (app.Environment.IsProduction())
    app.UseHsts();
app.UseStatusCodePages();
app.UseMiddleware<RequestHeadLimitMiddleware>();
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseMiddleware<RequestTextMiddleware>();

if (configuration.GetValue("Swagger:Enabled", app.Environment.IsDevelopment()))
{
    app.UseSwagger();
    app.UseSwaggerUI(o => o.DocumentTitle = "YangFan Benchmarks API");
}

app.UseAppAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();

app.MapReferenceDataEndpoints();
app.MapAuthEndpoints();
app.MapUserEndpoints();
app.MapAuditEndpoints();
app.MapWorkflowEndpoints();
app.MapCallEndpoints();
app.MapApplicationEndpoints(storageOptions);
app.MapOrganisationEndpoints();
ListPendingRecommendations.Map(app);
app.MapExpertEndpoints();
app.MapAssignmentEndpoints();
ReleaseDecisions.Map(app);
app.MapNoticeEndpoints(storageOptions);
app.MapProgressEndpoints();
app.MapDirectoryEndpoints();
app.MapNotificationEndpoints();
app.MapFloorEndpoints(configuration, databaseOptions);
if (developmentOptions.ClockControl)
{
    app.MapDevelopmentEndpoints();
    app.Logger.LogWarning("Development:ClockControl is on: administrators can move this API's clock forward with POST /api/dev/clock/advance.");
}

await DatabaseInitializer.InitializeAsync(app.Services);
await app.RunAsync();
return 0;

/// <summary>The API host; public so that integration tests can start it.</summary>
public partial class Program;
