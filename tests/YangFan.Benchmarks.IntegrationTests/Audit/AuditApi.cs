using System.Net.Http.Json;
using System.Text.Json;

namespace YangFan.Benchmarks.IntegrationTests.Audit;

internal static class AuditApi
{
    /// <summary>
    /// Verifies the chain. Verifying seals every event committed before it first (docs/decisions/0019), so afterwards
    /// the database holds those events with their place in the chain, as tests that tamper with rows need.
    /// </summary>
    public static async Task<JsonElement> VerifyAsync(HttpClient admin) =>
        await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
}
