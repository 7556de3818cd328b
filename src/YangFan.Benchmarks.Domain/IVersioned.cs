namespace YangFan.Benchmarks.Domain;

/// <summary>
/// A mutable aggregate guarded by optimistic concurrency: <see cref="Version"/> goes up by one on every saved change,
/// and a write based on an older version is refused rather than silently overwriting.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
