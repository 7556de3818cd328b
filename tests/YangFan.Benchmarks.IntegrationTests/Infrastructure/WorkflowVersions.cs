using System.Text.Json.Nodes;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>The shipped workflow definitions (workflows/&lt;key&gt;.json beside the API) and their version numbers.</summary>
public static class WorkflowVersions
{
    public static JsonObject Shipped(string key) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", key + ".json")))!.AsObject();

    /// <summary>The version the shipped file holds, the one a fresh database publishes and new calls pin.</summary>
    public static int ShippedVersion(string key) => Shipped(key)["version"]!.GetValue<int>();

    /// <summary>The benchmark workflow's shipped version, and the next number, which tests give their own versions.</summary>
    public static readonly int Benchmark = ShippedVersion("demonstration-benchmark");
    public static readonly int BenchmarkNext = Benchmark + 1;
}
