using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>Configuration section <c>Forms</c>.</summary>
public sealed class FormOptions
{
    /// <summary>Folder of the shipped definitions and their templates; defaults to the <c>forms</c> folder beside the binaries.</summary>
    public string? Path { get; set; }

    public string Folder => Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "forms");
}

/// <summary>The shipped definitions, <c>forms/*.json</c>: read, validated and compiled.</summary>
public static class FormFiles
{
    /// <summary>Every definition in the folder, compiled, with its JSON; throws with every error of every file that is invalid.</summary>
    public static IReadOnlyList<(CompiledForm Form, string Json)> Load(string folder, FormRuleCatalog rules)
    {
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"The form folder {folder} does not exist (Forms:Path).");
        var forms = new List<(CompiledForm, string)>();
        var broken = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order())
        {
            var json = File.ReadAllText(file);
            var (definition, errors) = FormLoader.Parse(json);
            if (definition is not null)
                errors = FormValidator.Validate(definition, rules, template => File.Exists(Path.Combine(folder, template)));
            if (definition is null || errors.Count > 0)
                broken.Add($"{file}:\n    " + string.Join("\n    ", errors));
            else
                forms.Add((new CompiledForm(definition, rules, FormLoader.ContentHash(json)), json));
        }
        if (broken.Count > 0)
            throw new InvalidOperationException("Form files are invalid:\n  " + string.Join("\n  ", broken));
        return forms;
    }
}
