using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

public sealed class AttachmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
    private static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid applicationId, byte[] bytes, string fileName,
        string kind = "ApplicationForm", string contentType = "application/pdf")
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(kind), "kind");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/applications/{applicationId}/attachments", form);
    }

    private async Task<(HttpClient Applicant, Guid ApplicationId, Guid CallId)> DraftAsync(HttpClient admin, string[]? required = null)
    {
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre", requiredAttachments: required);
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        return (applicant, await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre"), callId);
    }

    [Fact]
    public async Task A_pdf_is_stored_by_hash_and_downloaded_as_an_attachment_with_a_safe_name()
    {
        var admin = await AsAdminAsync();
        var (applicant, id, _) = await DraftAsync(admin);

        var upload = await UploadAsync(applicant, id, Pdf, "../../etc/申报书\u0007\r\n.pdf");

        await Expect.StatusAsync(upload, HttpStatusCode.Created);
        var attachment = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("申报书.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("mediaType").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), attachment.GetProperty("sha256").GetString());

        var download = await applicant.GetAsync($"/api/applications/{id}/attachments/{attachment.GetProperty("id").GetGuid()}");
        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", download.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_file_named_pdf_that_carries_executable_bytes_gets_415_and_nothing_is_stored()
    {
        var admin = await AsAdminAsync();
        var (applicant, id, _) = await DraftAsync(admin);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await UploadAsync(applicant, id, Executable, "申报书.pdf"), 415, "unsupported-media-type");
        await Expect.ProblemAsync(await UploadAsync(applicant, id, Encoding.UTF8.GetBytes("<html><script>alert(1)</script>"), "form.docx",
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), 415, "unsupported-media-type");

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Bad_upload_requests_are_refused()
    {
        var admin = await AsAdminAsync();
        var (applicant, id, _) = await DraftAsync(admin);

        await Expect.ProblemAsync(await UploadAsync(applicant, id, Pdf, "a.pdf", kind: "Selfie"), 400, "validation");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync($"/api/applications/{id}/attachments", new { }), 415, "unsupported-media-type");
        await Expect.ProblemAsync(await UploadAsync(applicant, id, [], "a.pdf"), 400, "validation");
    }

    [Fact]
    public async Task An_attachment_over_the_configured_limit_gets_413()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-size-{Guid.NewGuid():N}"));
        settings["Storage:MaxAttachmentBytes"] = "1024";
        await using var small = new ApiFactory(settings);
        var admin = await Calls.SignedInAsync(small, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var applicant = await Calls.SignedInAsRoleAsync(small, admin, "Applicant");
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre");
        var big = Pdf.Concat(new byte[4096]).ToArray();

        await Expect.ProblemAsync(await UploadAsync(applicant, id, big, "big.pdf"), 413, "payload-too-large");
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM \"Attachments\""));
    }

    [Fact]
    public async Task Required_attachments_guard_submission_and_attachments_change_only_while_a_draft()
    {
        var admin = await AsAdminAsync();
        var (applicant, id, _) = await DraftAsync(admin, ["ApplicationForm", "BusinessLicence"]);
        await UploadAsync(applicant, id, Pdf, "form.pdf");

        var refused = await Expect.ProblemAsync(await Transitions.FireAsync(applicant, id, "submit"), 409, "guards-unmet");
        Assert.Equal("required-attachments", refused.GetProperty("unmetGuards")[0].GetProperty("name").GetString());

        var licence = await (await UploadAsync(applicant, id, Pdf, "licence.pdf", kind: "BusinessLicence")).Content.ReadFromJsonAsync<JsonElement>();
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);

        await Expect.ProblemAsync(await applicant.DeleteAsync($"/api/applications/{id}/attachments/{licence.GetProperty("id").GetGuid()}"), 409, "conflict");
        await Expect.ProblemAsync(await UploadAsync(applicant, id, Pdf, "late.pdf"), 409, "conflict");
    }

    [Fact]
    public async Task A_draft_attachment_can_be_deleted_by_its_organisation_only()
    {
        var admin = await AsAdminAsync();
        var (applicant, id, _) = await DraftAsync(admin);
        var other = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var attachment = (await (await UploadAsync(applicant, id, Pdf, "a.pdf")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await Expect.ProblemAsync(await other.GetAsync($"/api/applications/{id}/attachments/{attachment}"), 404, "not-found");
        await Expect.ProblemAsync(await other.DeleteAsync($"/api/applications/{id}/attachments/{attachment}"), 404, "not-found");
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.DeleteAsync($"/api/applications/{id}/attachments/{attachment}")).StatusCode);
        await Expect.ProblemAsync(await applicant.GetAsync($"/api/applications/{id}/attachments/{attachment}"), 404, "not-found");
    }
}
