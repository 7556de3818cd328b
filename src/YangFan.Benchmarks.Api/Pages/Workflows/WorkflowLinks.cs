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
    public static IReadOnlyList<(string Path, string Message)> Errors(ProblemException refused)
    {
        if (refused.Type != ProblemTypes.WorkflowInvalid || !refused.Extensions.TryGetValue("errors", out var errors) || errors is null)
            return [];
        return JsonSerializer.SerializeToElement(errors).EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString() ?? "$", e.GetProperty("message").GetString() ?? ""))
            .ToList();
    }
}
