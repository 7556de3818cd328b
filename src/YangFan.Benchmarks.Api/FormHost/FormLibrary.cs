using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>
/// The stored form versions, compiled; published ones once per process (<see cref="PublishedForms"/>). An application
/// is filled in on the version its call pinned when it opened.
/// </summary>
public sealed class FormLibrary(AppDbContext db, PublishedForms published, FormRuleCatalog rules)
{
    /// <summary>A stored version, compiled.</summary>
    public async Task<CompiledForm> CompiledAsync(string key, int version, CancellationToken ct)
    {
        if (published.TryGet(key, version, out var known))
            return known;
        var stored = await db.Forms.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key && f.Version == version, ct)
            ?? throw new InvalidOperationException($"Form {key} v{version} is not stored.");
        var compiled = Compile(stored);
        if (stored.Status == FormVersionStatus.Published)
            published.Remember(compiled);
        return compiled;
    }

    /// <summary>The form the call's applications are filled in on; the call must have opened.</summary>
    public Task<CompiledForm> ForCallAsync(Call call, CancellationToken ct) =>
        CompiledAsync(call.FormKey, call.FormVersion ?? throw new InvalidOperationException($"Call {call.Id} has not opened: it pins no form."), ct);

    /// <summary>The form the application is filled in on: its call's.</summary>
    public async Task<CompiledForm> ForApplicationAsync(Application application, CancellationToken ct)
    {
        var pinned = await db.Calls.AsNoTracking().Where(c => c.Id == application.CallId)
            .Select(c => new { c.FormKey, c.FormVersion }).FirstAsync(ct);
        return await CompiledAsync(pinned.FormKey,
            pinned.FormVersion ?? throw new InvalidOperationException($"Call {application.CallId} pins no form."), ct);
    }

    /// <summary>The latest published version of the form; a 409 when it has none.</summary>
    public async Task<int> LatestPublishedAsync(string key, CancellationToken ct) =>
        await db.Forms.Where(f => f.Key == key && f.Status == FormVersionStatus.Published).MaxAsync(f => (int?)f.Version, ct)
        ?? throw ProblemException.Conflict($"Form '{key}' has no published version.");

    private CompiledForm Compile(StoredForm stored)
    {
        var (definition, errors) = FormLoader.Parse(stored.Content);
        if (definition is null)
            throw new InvalidFormException(stored.Key, stored.Version, errors);
        return new CompiledForm(definition, rules, stored.ContentHash);
    }
}
