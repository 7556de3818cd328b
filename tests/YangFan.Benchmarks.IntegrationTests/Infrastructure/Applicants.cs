using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>An applicant organisation's user, ready to apply: its sign-in and a bearer client for the API.</summary>
public sealed record TestApplicant(string Email, string Password, Guid UserId, Guid OrganisationId, HttpClient Api);

public static class Applicants
{
    public const string Password = "Applicant-Passw0rd";

    /// <summary>
    /// The one place that makes an applicant able to apply (registration; and whatever else a submission will need of
    /// the organisation), for the page and browser tests alike.
    /// </summary>
    public static async Task<TestApplicant> NewAsync(WebApplicationFactory<Program> factory, HttpClient admin)
    {
        var email = $"applicant-{Guid.NewGuid():N}@example.cn";
        var registered = await Calls.RegisterAsync(factory.CreateClient(), email, password: Password);
        _ = admin;
        return new TestApplicant(email, Password, registered.GetProperty("userId").GetGuid(),
            registered.GetProperty("organisationId").GetGuid(), await Calls.SignedInAsync(factory, email, Password));
    }

    /// <summary>The application's ETag version as the applicant sees it.</summary>
    public static async Task<int> VersionAsync(HttpClient api, Guid applicationId) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/applications/{applicationId}")).GetProperty("version").GetInt32();
}
