using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Respawn.Graph;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Seeding;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// One PostgreSQL server and one API host for the whole run. Every test starts from a database reset by Respawn
/// and re-seeded, so tests never depend on each other.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;
    private Respawner _respawner = null!;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"yangfan-tests-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync();
        ConnectionString = await Server.CreateDatabaseAsync($"yangfan_tests_{Guid.NewGuid():N}");
        Factory = new ApiFactory(ApiFactory.PostgresSettings(ConnectionString, _dataDirectory));
        _ = Factory.Server; // start the host: migrations and seeds run now

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // The key ring outlives every test, as it outlives every deployment: the running hosts keep using its keys.
            TablesToIgnore = [new Table("__EFMigrationsHistory"), new Table("DataProtectionKeys")],
        });
    }

    /// <summary>Empties every table, then seeds reference data and the bootstrap admin as a start-up would.</summary>
    public async Task ResetAsync()
    {
        // The API's background workers (timer dispatcher, audit sealer) may still be writing what the previous test left;
        // PostgreSQL then breaks a deadlock by aborting one side, and emptying the tables again is all it takes.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                await _respawner.ResetAsync(connection);
                break;
            }
            catch (PostgresException deadlock) when (deadlock.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
            }
        }
        // The reset went round the API, so tell its read models (the progress counts) that the applications changed.
        Factory.Services.GetRequiredService<ApplicationChanges>().Bump();
        // A new database may store other content under a published key and version: what this process resolved is stale.
        Factory.Services.GetRequiredService<PublishedWorkflows>().Clear();
        Factory.Services.GetRequiredService<YangFan.Benchmarks.Api.FormHost.PublishedForms>().Clear();
        await using var scope = Factory.Services.CreateAsyncScope();
        await DatabaseInitializer.SeedAsync(scope.ServiceProvider);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Server.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "API on PostgreSQL";
}

/// <summary>Base for tests over HTTP: a reset database and helpers to act as each kind of user.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(ApiFixture fixture) : IAsyncLifetime
{
    protected ApiFixture Fixture { get; } = fixture;
    protected ApiFactory Factory => Fixture.Factory;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected HttpClient Anonymous() => Factory.CreateClient();

    protected Task<HttpClient> AsAdminAsync() => Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);

    protected Task<long> CountRowsAsync() => Database.CountAllRowsAsync(Fixture.ConnectionString);

    protected Task<T?> ScalarAsync<T>(string sql) => Database.ScalarAsync<T>(Fixture.ConnectionString, sql);

    /// <summary>Runs SQL round the API, then tells the API's read models (the progress counts) that applications may have changed.</summary>
    protected async Task<int> ExecuteAsync(string sql)
    {
        var rows = await Database.ExecuteAsync(Fixture.ConnectionString, sql);
        Factory.Services.GetRequiredService<ApplicationChanges>().Bump();
        // A new database may store other content under a published key and version: what this process resolved is stale.
        Factory.Services.GetRequiredService<PublishedWorkflows>().Clear();
        Factory.Services.GetRequiredService<YangFan.Benchmarks.Api.FormHost.PublishedForms>().Clear();
        return rows;
    }
}

/// <summary>Plain helpers over HTTP that any factory (PostgreSQL or SQLite) can use.</summary>
public static class Calls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> TokenAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpClient> SignedInAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string email, string password)
    {
        var client = factory.CreateClient();
        var token = await TokenAsync(client, email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Makes every request of this client come from the given IP address (see <see cref="ClientAddressFromHeader"/>).</summary>
    public static HttpClient From(this HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A registration body: see <see cref="Applicants.Registration"/>.</summary>
    public static object Registration(string email, string? creditCode = null, string password = Applicants.Password) =>
        Applicants.Registration(email, creditCode, password);

    public static async Task<JsonElement> RegisterAsync(HttpClient client, string email, string? creditCode = null,
        string password = Applicants.Password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/register", Registration(email, creditCode, password));
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Creates an account of the given role through the admin API and returns a client signed in as it.</summary>
    public static async Task<HttpClient> SignedInAsRoleAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory,
        HttpClient admin, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.yangfan.cn";
        const string password = "Role-Passw0rd-Tests";
        if (role == "Applicant")
        {
            await RegisterAsync(factory.CreateClient(), email, password: password);
            // An applicant made for a test acts for a verified organisation, so that it can submit.
            var applicant = await SignedInAsync(factory, email, password);
            await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
            return applicant;
        }
        else
        {
            var response = await admin.PostAsJsonAsync("/api/users", UserBody(email, password, role));
            await Expect.StatusAsync(response, System.Net.HttpStatusCode.Created);
        }
        return await SignedInAsync(factory, email, password);
    }

    public static object UserBody(string email, string password, string role) => role switch
    {
        "Expert" => new
        {
            email, password, displayName = "王专家", role,
            expert = new { affiliationCreditCode = TestData.NewCreditCode(), provinceCode = "11", sectors = new[] { "smart-ports", "smart-mining" } },
        },
        "Recommender" => new { email, password, displayName = "推荐单位", role, recommender = new { provinceCode = "32" } },
        _ => (object)new { email, password, displayName = "管理员", role },
    };
}

public static class Expect
{
    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task StatusAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts a problem+json response of the given status and type, and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("https://yangfan-benchmarks.cn/problems/" + type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    public static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
}

public static class Database
{
    /// <summary>
    /// The total number of rows in every application table: "nothing changed" means this did not move. The progress
    /// counts are left out: they are a read model that a background fold rewrites at any moment (deltas folded into
    /// counts), and ProgressCountTests prove them equal to a recount after every kind of change and rollback. So is the
    /// Data Protection key ring, which a host adds to when it pleases (at start, before a key expires), and the shared
    /// rate-limit windows, which count every limited request, refused or not.
    /// </summary>
    public static async Task<long> CountAllRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('ProgressCounts', 'ProgressCountDeltas', 'DataProtectionKeys', 'RateWindows')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        long total = 0;
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            total += (long)(await count.ExecuteScalarAsync())!;
        }
        return total;
    }

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }
}
