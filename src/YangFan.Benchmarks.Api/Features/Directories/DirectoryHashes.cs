using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>
/// The content hash (and publication time) of each directory version read so far. A version never changes, so the
/// hash never goes stale: a request that sends it back as If-None-Match is answered with a 304 without touching the
/// database, by the JSON endpoints and by the directory pages alike.
/// </summary>
public sealed class DirectoryHashes
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, Known> _hashes = new();

    public readonly record struct Known(string Hash, DateTimeOffset PublishedAt);

    public bool TryGet(Guid id, [MaybeNullWhen(false)] out string hash)
    {
        var found = _hashes.TryGetValue(id, out var known);
        hash = known.Hash;
        return found;
    }

    public bool TryGetKnown(Guid id, out Known known) => _hashes.TryGetValue(id, out known);

    public void Remember(Guid id, string hash, DateTimeOffset publishedAt)
    {
        if (_hashes.Count >= Capacity)
            _hashes.Clear();
        _hashes.TryAdd(id, new Known(hash, publishedAt));
    }
}
