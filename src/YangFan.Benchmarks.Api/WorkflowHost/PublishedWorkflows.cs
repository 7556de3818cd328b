using System.Collections.Concurrent;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The published versions this process has resolved, compiled, for the life of the process. A published version's
/// content never changes once any process serves it (the importer's one upgrade of a stored version, gaining state
/// tags, runs at start-up before requests are served), so a version read once is never read again. Drafts are
/// not kept here: they can be replaced, and are resolved by their content hash.
/// </summary>
public sealed class PublishedWorkflows
{
    private readonly ConcurrentDictionary<(string Key, int Version), CompiledWorkflow> _versions = new();

    public bool TryGet(string key, int version, out CompiledWorkflow workflow) => _versions.TryGetValue((key, version), out workflow!);

    public void Remember(CompiledWorkflow workflow) => _versions.TryAdd((workflow.Key, workflow.Version), workflow);

    /// <summary>Forgets every version: only for a database emptied under a running process (the tests' reset), never in service.</summary>
    public void Clear() => _versions.Clear();
}
