using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

/// <summary>
/// What the one error place makes of each database failure, however EF Core wraps it (a DbUpdateException, or an
/// InvalidOperationException for a transient failure, as the Npgsql execution strategy does).
/// </summary>
public sealed class DatabaseFailureMappingTests
{
    private static Exception AsEfThrowsIt(Exception provider) =>
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new DbUpdateException("An error occurred while saving the entity changes.", provider));

    private static PostgresException Postgres(string sqlState, string? constraint = null) =>
        new("simulated", "ERROR", "ERROR", sqlState, constraintName: constraint);

    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    public void A_deadlock_or_serialization_failure_is_a_409_concurrency_conflict(string sqlState)
    {
        foreach (var exception in new[] { Postgres(sqlState), AsEfThrowsIt(Postgres(sqlState)) })
        {
            var problem = ProblemExceptionHandler.ToProblem(exception);
            Assert.Equal(409, problem.Status);
            Assert.Equal(ProblemTypes.ConcurrencyConflict, problem.Type);
        }
    }

    [Fact]
    public void A_history_sequence_number_taken_by_a_concurrent_transition_is_a_concurrency_conflict_other_unique_values_are_duplicates()
    {
        var history = ProblemExceptionHandler.ToProblem(AsEfThrowsIt(Postgres(PostgresErrorCodes.UniqueViolation, DatabaseFailures.HistorySequenceIndex)));
        var other = ProblemExceptionHandler.ToProblem(AsEfThrowsIt(Postgres(PostgresErrorCodes.UniqueViolation, "IX_Users_NormalizedEmail")));

        Assert.Equal(ProblemTypes.ConcurrencyConflict, history.Type);
        Assert.Equal(ProblemTypes.Duplicate, other.Type);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    public void A_server_that_cannot_serve_is_a_503_service_unavailable(string sqlState)
    {
        var problem = ProblemExceptionHandler.ToProblem(AsEfThrowsIt(Postgres(sqlState)));
        Assert.Equal(503, problem.Status);
        Assert.Equal(ProblemTypes.ServiceUnavailable, problem.Type);
    }

    [Fact]
    public void A_refused_connection_is_a_503_and_any_other_database_error_stays_a_500()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(503, ProblemExceptionHandler.ToProblem(new InvalidOperationException("transient", refused)).Status);
        Assert.Equal(500, ProblemExceptionHandler.ToProblem(AsEfThrowsIt(Postgres(PostgresErrorCodes.UndefinedColumn))).Status);
    }
}
