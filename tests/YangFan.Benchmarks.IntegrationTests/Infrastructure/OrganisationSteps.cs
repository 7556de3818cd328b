using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>Organisations over HTTP: documents, verification, invitations. Only a verified organisation submits.</summary>
public static class OrganisationSteps
{
    /// <summary>The caller's organisation, from <c>GET /api/me</c>.</summary>
    public static async Task<Guid> OrganisationOfAsync(HttpClient member) =>
        (await member.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").GetProperty("id").GetGuid();

    public static Task<HttpResponseMessage> UploadAsync(HttpClient member, Guid organisationId, string kind, byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent { { new StringContent(kind), "kind" }, { new ByteArrayContent(content), "file", fileName } };
        return member.PostAsync($"/api/organisations/{organisationId}/documents", form);
    }

    /// <summary>Uploads the business licence and the authorisation letter and asks for verification, as a member.</summary>
    public static async Task RequestVerificationAsync(HttpClient member, Guid organisationId)
    {
        await Expect.StatusAsync(await UploadAsync(member, organisationId, "BusinessLicence", TestData.LicencePdf, "营业执照.pdf"), HttpStatusCode.Created);
        await Expect.StatusAsync(await UploadAsync(member, organisationId, "AuthorisationLetter", TestData.LetterPng, "授权书.png"), HttpStatusCode.Created);
        await Expect.StatusAsync(await member.PostAsync($"/api/organisations/{organisationId}/verification/request", null), HttpStatusCode.OK);
    }

    /// <summary>
    /// Makes the member's organisation verified the way it happens in use: the member uploads both documents and asks,
    /// the administrator verifies. Tests that submit call this first.
    /// </summary>
    public static async Task<Guid> VerifyOrganisationAsync(HttpClient member, HttpClient admin)
    {
        var organisationId = await OrganisationOfAsync(member);
        await RequestVerificationAsync(member, organisationId);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/verify",
            new { reason = "营业执照与授权书核验无误" }), HttpStatusCode.OK);
        return organisationId;
    }
}
