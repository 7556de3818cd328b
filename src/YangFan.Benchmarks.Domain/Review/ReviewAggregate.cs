namespace YangFan.Benchmarks.Domain.Review;

/// <summary>
/// An application's standing in its call's ranking: the aggregate of its current round's reviews by its workflow
/// version's method, kept by the database in the transaction of every change to the application or its assignments
/// (docs/decisions/0024-review-aggregates-kept-by-the-database.md), never by code. PostgreSQL only: on SQLite the ranking
/// aggregates the rounds as it reads them.
/// </summary>
public sealed class ReviewAggregate
{
    public Guid ApplicationId { get; init; }
    public Guid CallId { get; init; }

    /// <summary>The application's sector code, <c>""</c> without one: the ranking's group in a programme with per-sector targets.</summary>
    public string Sector { get; init; } = "";

    /// <summary>Submitted, on a workflow version with a review block: the application takes a place in the ranking.</summary>
    public bool Ranked { get; init; }

    /// <summary>How many submitted reviews the current round has.</summary>
    public int Reviews { get; init; }

    /// <summary>Their aggregate by the version's method, rounded as <see cref="Scoring"/> rounds; null without reviews.</summary>
    public decimal? Score { get; init; }

    /// <summary>Their population standard deviation, rounded to 2 decimals; null without reviews.</summary>
    public decimal? StdDev { get; init; }

    /// <summary>Reviews of the round that a later conflict of interest took out of the aggregate.</summary>
    public int Excluded { get; init; }

    /// <summary>Assignments of the round that hold a reviewer slot (<see cref="AssignmentStatuses.Holding"/>).</summary>
    public int Holding { get; init; }

    /// <summary>Assignments of the round a conflict ended (<see cref="AssignmentStatuses.EndedByConflict"/>).</summary>
    public int EndedByConflict { get; init; }
}
