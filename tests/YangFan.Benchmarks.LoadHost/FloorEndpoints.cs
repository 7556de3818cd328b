using System.Net;
using System.Text.Json;
using Npgsql;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.LoadHost;

[assembly: HostingStartup(typeof(FloorEndpoints))]

namespace YangFan.Benchmarks.LoadHost;

/// <summary>
/// The load benchmark's floor: bare endpoints that run the same SQL as <c>GET /api/directories/{id}</c> and the
/// progress count through Npgsql and write the JSON by hand, with no EF Core, Mediator, validation or serializer
/// in between. Not part of the API: the load host (<see cref="LoadHostProgram"/>) adds them to the production host as
/// a hosting startup, after the API's own middleware and endpoints. PostgreSQL only, and answered only for clients on
/// the same machine (404 for anyone else): the progress count is raw, staged decisions included, which
/// <c>GET /api/progress</c> masks. See docs/performance.md.
/// </summary>
public sealed class FloorEndpoints : IHostingStartup
{
    // The statements EF Core sends for an unfiltered page (logged from GetDirectory.Handler and pasted here).
    private const string HeaderSql = """
        SELECT d."Id", d."ActiveCount", d."CallId", d."ContentHash", d."EntryCount", d."Number", d."ProgrammeKey", d."PublishedAt", d."SupersedesId", d."TitleEn", d."TitleZh"
        FROM "Directories" AS d
        WHERE d."Id" = @query_Id
        LIMIT 1
        """;

    private const string PageSql = """
        SELECT d."Id", d."ApplicationId", d."Batch", d."CreditCode", d."DirectoryId", d."OrganisationName", d."ProvinceCode", d."Revoked", d."RevokedAt", d."RevokedReason", d."SectorCode", d."Title"
        FROM "DirectoryEntries" AS d
        WHERE d."DirectoryId" = @d_Id
        ORDER BY d."CreditCode", d."Id"
        LIMIT @p OFFSET @p0
        """;

    // The count behind GET /api/progress when it is computed (the cache left out).
    private const string ProgressSql = """
        SELECT a."ProgrammeKey", a."SectorCode", a."WorkflowKey", a."WorkflowVersion", a."State", count(*)::int AS "Count"
        FROM "Applications" AS a
        GROUP BY a."ProgrammeKey", a."SectorCode", a."WorkflowKey", a."WorkflowVersion", a."State"
        """;

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(Add);

    /// <summary>Adds the floor to a host being built: mapped under <c>/floor</c> once the API has built its pipeline.</summary>
    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter, AfterTheApi>();

    /// <summary>
    /// Runs after the API's pipeline: a request reaches the floor only when the API's routing found no endpoint for
    /// it, so it has passed every middleware an API request passes.
    /// </summary>
    private sealed class AfterTheApi : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/floor", floor =>
            {
                floor.UseRouting();
                floor.UseEndpoints(Map);
            });
        };
    }

    private static void Map(IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<DatabaseOptions>().Provider != DatabaseProvider.Postgres)
            throw new InvalidOperationException("The load run's floor endpoints need Database:Provider Postgres.");
        var source = NpgsqlDataSource.Create(app.ServiceProvider.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")!);
        var floor = app.MapGroup("")
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.Connection.RemoteIpAddress is { } address && !IPAddress.IsLoopback(address)
                    ? Results.NotFound()
                    : await next(context));

        floor.MapGet("/directories/{id:guid}", async (Guid id, HttpContext http, CancellationToken ct, int page = 1, int pageSize = 50) =>
        {
            page = Math.Clamp(page, 1, 1_000_000);
            pageSize = Math.Clamp(pageSize, 1, 200);
            await using var connection = await source.OpenConnectionAsync(ct);
            await using var header = new NpgsqlCommand(HeaderSql, connection) { Parameters = { new("query_Id", id) } };
            await using var d = await header.ExecuteReaderAsync(ct);
            if (!await d.ReadAsync(ct))
                return Results.NotFound();
            http.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteString("id", d.GetGuid(0));
            json.WriteString("callId", d.GetGuid(2));
            json.WriteString("programmeKey", d.GetString(6));
            json.WriteNumber("number", d.GetInt32(5));
            json.WriteString("titleZh", d.GetString(10));
            json.WriteString("titleEn", d.GetString(9));
            json.WriteString("publishedAt", d.GetFieldValue<DateTimeOffset>(7));
            json.WriteString("contentHash", d.GetString(3));
            if (d.IsDBNull(8)) json.WriteNull("supersedesId"); else json.WriteString("supersedesId", d.GetGuid(8));
            var entryCount = d.GetInt32(4);
            json.WriteNumber("entryCount", entryCount);
            json.WriteNumber("activeCount", d.GetInt32(1));
            await d.DisposeAsync();

            json.WriteStartObject("entries");
            json.WriteStartArray("items");
            await using var entries = new NpgsqlCommand(PageSql, connection)
            {
                Parameters = { new("d_Id", id), new("p", pageSize), new("p0", (page - 1) * pageSize) },
            };
            await using var e = await entries.ExecuteReaderAsync(ct);
            while (await e.ReadAsync(ct))
            {
                json.WriteStartObject();
                json.WriteString("id", e.GetGuid(0));
                json.WriteString("organisationName", e.GetString(5));
                json.WriteString("creditCode", e.GetString(3));
                json.WriteString("title", e.GetString(11));
                if (e.IsDBNull(10)) json.WriteNull("sectorCode"); else json.WriteString("sectorCode", e.GetString(10));
                json.WriteString("provinceCode", e.GetString(6));
                json.WriteString("batch", e.GetString(2));
                json.WriteBoolean("revoked", e.GetBoolean(7));
                if (e.IsDBNull(9)) json.WriteNull("revokedReason"); else json.WriteString("revokedReason", e.GetString(9));
                if (e.IsDBNull(8)) json.WriteNull("revokedAt"); else json.WriteString("revokedAt", e.GetFieldValue<DateTimeOffset>(8));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("pageNumber", page);
            json.WriteNumber("pageSize", pageSize);
            json.WriteNumber("total", entryCount);
            json.WriteEndObject();
            json.WriteEndObject();
            await json.FlushAsync(ct);
            return Results.Empty;
        });

        floor.MapGet("/progress", async (HttpContext http, CancellationToken ct) =>
        {
            await using var command = source.CreateCommand(ProgressSql);
            await using var rows = await command.ExecuteReaderAsync(ct);
            http.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
            json.WriteStartArray();
            while (await rows.ReadAsync(ct))
            {
                json.WriteStartObject();
                json.WriteString("programmeKey", rows.GetString(0));
                if (rows.IsDBNull(1)) json.WriteNull("sectorCode"); else json.WriteString("sectorCode", rows.GetString(1));
                json.WriteString("state", rows.GetString(4));
                json.WriteNumber("count", rows.GetInt32(5));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            await json.FlushAsync(ct);
            return Results.Empty;
        });
    }
}
