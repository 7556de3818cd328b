using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>
/// The content hash of each directory version read so far. A version never changes, so the hash never goes stale:
/// a request that sends it back as If-None-Match is answered with a 304 without touching the database.
/// </summary>
public sealed class DirectoryHashes
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, string> _hashes = new();

    public bool TryGet(Guid id, [MaybeNullWhen(false)] out string hash) => _hashes.TryGetValue(id, out hash);

    public void Remember(Guid id, string hash)
    {
        if (_hashes.Count >= Capacity)
            _hashes.Clear();
        _hashes.TryAdd(id, hash);
    }
}
