using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>New versions of the shipped forms, uploaded and published through the admin API.</summary>
public static class FormVersions
{
    /// <summary>The shipped definition of a programme's form (forms/&lt;key&gt;.json beside the API).</summary>
    public static JsonObject Shipped(string key) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "forms", key + ".json")))!.AsObject();

    /// <summary>
    /// Publishes the next version of the programme's form, changed by <paramref name="change"/> (the version number is
    /// set here), and returns its number.
    /// </summary>
    public static async Task<int> PublishAsync(HttpClient admin, string key, Action<JsonObject>? change = null)
    {
        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/forms") ?? [];
        var next = versions.Where(v => v.GetProperty("key").GetString() == key).Select(v => v.GetProperty("version").GetInt32()).DefaultIfEmpty(0).Max() + 1;
        var definition = Shipped(key);
        change?.Invoke(definition);
        definition["version"] = next;
        await Expect.StatusAsync(await admin.PostAsync($"/api/forms/{key}/versions",
            new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json")), System.Net.HttpStatusCode.Created);
        await Expect.StatusAsync(await admin.PostAsync($"/api/forms/{key}/versions/{next}/publish", null), System.Net.HttpStatusCode.OK);
        return next;
    }

    /// <summary>The next version of the programme's form, with these attachment kinds required before submission.</summary>
    public static Task<int> RequiringAsync(HttpClient admin, string key, IReadOnlyCollection<string> kinds) =>
        PublishAsync(admin, key, d =>
        {
            foreach (var attachment in d["attachments"]!.AsArray())
                attachment!["required"] = kinds.Contains(attachment["kind"]!.GetValue<string>());
        });
}
