namespace YangFan.Benchmarks.Forms;

/// <summary>One thing wrong with a definition: where (a JSON path such as <c>$.sections[1].fields[0].widget</c>) and why.</summary>
public sealed record FormError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a definition that must be valid is not; carries every error found.</summary>
public sealed class InvalidFormException(string key, int version, IReadOnlyList<FormError> errors)
    : Exception($"Form {key} v{version} is invalid: {string.Join("; ", errors)}")
{
    public IReadOnlyList<FormError> Errors { get; } = errors;
}

/// <summary>
/// One thing wrong with an application's content: the JSON Pointer of the value (e.g. <c>/outcomes/0/metric</c>, or of
/// the missing property) and what is wrong, in Chinese and English.
/// </summary>
public sealed record ContentError(string Pointer, LocalizedText Message)
{
    public override string ToString() => $"{Pointer}: {Message.En}";
}
