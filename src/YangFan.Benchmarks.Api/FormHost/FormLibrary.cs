using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>The shipped definitions (<c>forms/*.json</c>), compiled once per process.</summary>
public sealed class ShippedForms(FormOptions options, FormRuleCatalog rules)
{
    private readonly Lazy<IReadOnlyList<CompiledForm>> _forms = new(() => FormFiles.Load(options.Folder, rules));

    public IReadOnlyList<CompiledForm> All => _forms.Value;
}

/// <summary>The form an application is filled in on: the version its call pins.</summary>
public sealed class FormLibrary(ShippedForms shipped)
{
    /// <summary>The latest version of the programme's form.</summary>
    public CompiledForm? LatestFor(string programme) =>
        shipped.All.Where(f => f.Definition.Programme == programme).MaxBy(f => f.Version);

    public Task<CompiledForm> ForApplicationAsync(Application application, CancellationToken ct) =>
        Task.FromResult(LatestFor(application.ProgrammeKey)
            ?? throw new InvalidOperationException($"No form is defined for programme '{application.ProgrammeKey}'."));
}
