using System.Net.Http.Json;
using System.Text.Json;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>An applicant organisation's user, ready to apply: its sign-in and a bearer client for the API.</summary>
public sealed record TestApplicant(string Email, string Password, Guid UserId, Guid OrganisationId, HttpClient Api);

/// <summary>Applicants for the page and browser tests (linked into the browser tests with <see cref="Selection"/>; they need nothing else of these).</summary>
public static class Applicants
{
    public const string Password = "Applicant-Passw0rd";

    /// <summary>
    /// The one place that makes a new applicant able to apply: registration, and whatever else a submission needs of
    /// the organisation (<paramref name="admin"/> acts for the administrator where it must). <paramref name="newClient"/>
    /// makes a client of the site without credentials.
    /// </summary>
    public static async Task<TestApplicant> NewAsync(Func<HttpClient> newClient, HttpClient admin)
    {
        var email = $"applicant-{Guid.NewGuid():N}@example.cn";
        var registered = await newClient().PostAsJsonAsync("/api/auth/register", Registration(email));
        if (!registered.IsSuccessStatusCode)
            throw new InvalidOperationException($"Registration failed: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var api = await Selection.SignedInAsync(newClient, email, Password);
        var organisationId = body.GetProperty("organisationId").GetGuid();
        await VerifyOrganisationAsync(api, admin, organisationId);
        return new TestApplicant(email, Password, body.GetProperty("userId").GetGuid(), organisationId, api);
    }

    /// <summary>
    /// Only a verified organisation submits (ADR 0030): the member uploads the business licence and authorisation letter
    /// and asks, the administrator verifies, over the API.
    /// </summary>
    public static async Task VerifyOrganisationAsync(HttpClient member, HttpClient admin, Guid organisationId)
    {
        foreach (var (kind, content, name) in new[] { ("BusinessLicence", TestData.LicencePdf, "营业执照.pdf"), ("AuthorisationLetter", TestData.LetterPng, "授权书.png") })
            await Selection.SucceedAsync(member.PostAsync($"/api/organisations/{organisationId}/documents",
                new MultipartFormDataContent { { new StringContent(kind), "kind" }, { new ByteArrayContent(content), "file", name } }));
        await Selection.SucceedAsync(member.PostAsync($"/api/organisations/{organisationId}/verification/request", null));
        await Selection.SucceedAsync(admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/verify", new { reason = "营业执照与授权书核验无误" }));
    }

    /// <summary>
    /// A registration body with a fresh valid Guangdong credit code unless one is given, and the province the code
    /// names (none for a nationally registered code).
    /// </summary>
    public static object Registration(string email, string? creditCode = null, string password = Password)
    {
        creditCode ??= TestData.NewCreditCode();
        var code = Domain.Organisations.CreditCode.Normalise(creditCode);
        return new
        {
            email,
            password,
            displayName = "李工",
            organisation = new
            {
                name = "测试科技有限公司",
                creditCode,
                provinceCode = code.Length == Domain.Organisations.CreditCode.Length ? Domain.Organisations.CreditCode.ProvinceCode(code) : "44",
                address = "广东省深圳市南山区",
                contactPerson = "李工",
                contactPhone = "13800138000",
            },
        };
    }

    /// <summary>The application's ETag version as the applicant sees it.</summary>
    public static async Task<int> VersionAsync(HttpClient api, Guid applicationId) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/applications/{applicationId}")).GetProperty("version").GetInt32();
}
