namespace YangFan.Benchmarks.Domain.Progress;

/// <summary>
/// How many applications stand in one bucket of the progress count: a programme, a sector (<c>""</c> for programmes
/// without sectors), a workflow version and a state. The folded part of the count; the moves since the last fold are
/// <see cref="ProgressCountDelta"/> rows, and the count of a bucket is this plus their sum. Kept by the database
/// (docs/decisions/0021-progress-counts-maintained-per-transition.md), never by code.
/// </summary>
public sealed class ProgressCount
{
    public required string ProgrammeKey { get; init; }
    public required string SectorKey { get; init; }
    public required string WorkflowKey { get; init; }
    public int WorkflowVersion { get; init; }
    public required string State { get; init; }
    public long Count { get; init; }
}
