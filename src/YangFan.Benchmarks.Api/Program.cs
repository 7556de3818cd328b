using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Infrastructure.OpenApi;
using YangFan.Benchmarks.Api.Pages;
using YangFan.Benchmarks.Api.Seeding;
using YangFan.Benchmarks.Api.Telemetry;

if (args is ["--healthcheck", var probeUrl])
    return await HealthProbe.RunAsync(probeUrl);

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;
var databaseOptions = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
var dataDirectory = DatabaseSetup.ResolveDataDirectory(databaseOptions, builder.Environment.ContentRootPath);

builder.AddHostLimits();
builder.AddTelemetry();
builder.Services
    .AddAppDatabase(configuration, builder.Environment.ContentRootPath)
    .AddAppAuth(configuration, builder.Environment, dataDirectory)
    .AddIdentityServices(configuration, dataDirectory)
    .AddWorkflowHost(configuration)
    .AddFormHost(configuration)
    .AddReviewServices()
    .AddPublicReadCaches(configuration)
    .AddFileStorage(configuration, dataDirectory)
    .AddUseCasePipeline()
    .AddHttpContract()
    .AddApiDocumentation()
    .AddWebPages();

var app = builder.Build();
app.UseApiPipeline();
app.UseWebPages();
app.MapApi();
app.MapTelemetry();
app.MapWebPages();

await DatabaseInitializer.InitializeAsync(app.Services);
await app.RunAsync();
return 0;

/// <summary>The API host; public so that integration tests can start it.</summary>
public partial class Program;
