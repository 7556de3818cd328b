namespace YangFan.Benchmarks.Domain.Progress;

/// <summary>
/// One application entering (+1) or leaving (−1) a bucket of <see cref="ProgressCount"/>, or a statement's net move,
/// appended in the transaction that moved it. Appending never waits on another writer; a fold adds them to the
/// buckets and deletes them.
/// </summary>
public sealed class ProgressCountDelta
{
    public long Id { get; init; }
    public required string ProgrammeKey { get; init; }
    public required string SectorKey { get; init; }
    public required string WorkflowKey { get; init; }
    public int WorkflowVersion { get; init; }
    public required string State { get; init; }
    public long Delta { get; init; }
}
