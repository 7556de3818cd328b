using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// Which database failures are a lost race and which are an outage. EF Core may wrap the provider's exception (in a
/// <see cref="DbUpdateException"/>, or an <see cref="InvalidOperationException"/> for a transient failure), so each
/// test looks through the inner exceptions.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>The unique index that numbers an application's history; two transitions that both read one state collide on it.</summary>
    public const string HistorySequenceIndex = "IX_WorkflowHistory_ApplicationId_Sequence";

    /// <summary>
    /// Another transaction got there first: a stale version, a deadlock PostgreSQL broke by failing this transaction,
    /// a serialization failure, or the same history sequence number written twice.
    /// </summary>
    public static bool IsConcurrencyConflict(Exception exception) => Chain(exception).Any(e => e switch
    {
        DbUpdateConcurrencyException => true,
        PostgresException pg => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
            || (pg.SqlState == PostgresErrorCodes.UniqueViolation && pg.ConstraintName == HistorySequenceIndex),
        SqliteException sqlite => IsSqliteUnique(sqlite) && sqlite.Message.Contains("WorkflowHistory.Sequence", StringComparison.Ordinal),
        _ => false,
    });

    /// <summary>A unique value that already exists (other than a history sequence number, which is a conflict).</summary>
    public static bool IsUniqueViolation(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => IsSqliteUnique(sqlite),
        _ => false,
    });

    /// <summary>
    /// The database cannot be reached: the connection was refused, broken or timed out, the server is shutting down
    /// or starting, or it has no connection left.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode == 14, // SQLITE_CANTOPEN: the file cannot be opened
        _ => false,
    });

    private static bool IsSqliteUnique(SqliteException sqlite) => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555;

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            yield return e;
    }
}
