using System.Text.Json;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Workflows;

/// <summary>The workflow pages' addresses, and the errors of a refused definition as the pages show them.</summary>
public static class WorkflowLinks
{
    public static string Version(string key, int version) => $"/admin/workflows/{Uri.EscapeDataString(key)}/{version}";

    /// <summary>
    /// Each error of a definition refused as <see cref="ProblemTypes.WorkflowInvalid"/>, with its JSON path: the list
    /// the API's 422 carries, read back the way a client reads it.
    /// </summary>
    /// <remarks>A form definition's errors (<see cref="ProblemTypes.FormInvalid"/>) come in the same shape.</remarks>
    public static IReadOnlyList<(string Path, string Message)> Errors(ProblemException refused, string type = ProblemTypes.WorkflowInvalid)
    {
        if (refused.Type != type || !refused.Extensions.TryGetValue("errors", out var errors) || errors is null)
            return [];
        return JsonSerializer.SerializeToElement(errors).EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString() ?? "$", e.GetProperty("message").GetString() ?? ""))
            .ToList();
    }

    /// <summary>
    /// The key a definition (workflow or form) gives itself, so that an upload's check of the key against the address
    /// always holds; "" where the text is no JSON object with a key.
    /// </summary>
    public static string KeyOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("key", out var key)
                   && key.ValueKind == JsonValueKind.String ? key.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
