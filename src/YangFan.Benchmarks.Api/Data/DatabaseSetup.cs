using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file and generated development keys; created on first run.</summary>
    public string DataDirectory { get; set; } = "data";

    public bool MigrateOnStartup { get; set; } = true;
}

public static class DatabaseSetup
{
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddSingleton<ApplicationChanges>();
        services.AddSingleton<ApplicationChangeInterceptor>();
        services.AddSingleton<DatabaseOutage>();

        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                var connectionString = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
                services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((sp, o) => Common(o.UseNpgsql(WithoutSessionReset(connectionString)), sp));
                break;
            default:
                var dataDirectory = ResolveDataDirectory(options, contentRoot);
                var sqlite = configuration.GetConnectionString("Sqlite")
                    ?? $"Data Source={Path.Combine(dataDirectory, "yangfan.db")}";
                services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((sp, o) => Common(o.UseSqlite(sqlite), sp));
                break;
        }
        return services;
    }

    /// <summary>
    /// Npgsql resets a pooled connection's session (<c>DISCARD ALL</c>, one statement more per request) before reusing
    /// it. The API leaves nothing in a session to reset: its advisory locks are all transaction-scoped, it sets no
    /// session setting, creates no temporary table, listens to nothing and prepares no statement; and a transaction left
    /// open is still rolled back when the connection returns to the pool. So the reset is off unless the connection
    /// string asks for it (<c>No Reset On Close=false</c>).
    /// </summary>
    public static string WithoutSessionReset(string connectionString)
    {
        // The plain builder keeps the keys as written ("No Reset On Close", "NoResetOnClose", any case).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("NoResetOnClose", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }

    /// <summary>
    /// What both providers share: the interceptors, and EF Core's own failure events at Debug. Whoever catches a
    /// failure logs it once, as what it became (the exception handler a 500 with its stack trace, a lost race as a
    /// 409, an outage once per outage; the timer dispatcher its timer's failure), so EF Core's copy of the same
    /// exception would only repeat it, per request.
    /// </summary>
    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder options, IServiceProvider services) => options
        .AddInterceptors(services.GetRequiredService<ApplicationChangeInterceptor>(), services.GetRequiredService<DatabaseOutage>())
        .ConfigureWarnings(w => w.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.TransactionError, LogLevel.Debug)));

    /// <summary>The data folder as an absolute path, created if missing.</summary>
    public static string ResolveDataDirectory(DatabaseOptions options, string contentRoot)
    {
        var path = Path.IsPathRooted(options.DataDirectory)
            ? options.DataDirectory
            : Path.Combine(contentRoot, options.DataDirectory);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
