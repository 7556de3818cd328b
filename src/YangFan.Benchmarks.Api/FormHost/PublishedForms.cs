using System.Collections.Concurrent;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>
/// The published form versions this process has resolved, compiled (their schemas built), for the life of the
/// process: a published version never changes, so a version read once is never read again. Drafts are not kept here.
/// </summary>
public sealed class PublishedForms
{
    private readonly ConcurrentDictionary<(string Key, int Version), CompiledForm> _versions = new();

    public bool TryGet(string key, int version, out CompiledForm form) => _versions.TryGetValue((key, version), out form!);

    public void Remember(CompiledForm form) => _versions.TryAdd((form.Key, form.Version), form);

    /// <summary>Forgets every version: only for a database emptied under a running process (the tests' reset), never in service.</summary>
    public void Clear() => _versions.Clear();
}
