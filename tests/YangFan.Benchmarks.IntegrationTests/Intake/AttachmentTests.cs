using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

public sealed class AttachmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    internal static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
    private static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    internal static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid applicationId, byte[] bytes, string fileName,
        string kind = "application-form", string contentType = "application/pdf")
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
        return (applicant, await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre", attachRequired: false), callId);
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
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre", attachRequired: false);
        var big = Pdf.Concat(new byte[4096]).ToArray();

        await Expect.ProblemAsync(await UploadAsync(applicant, id, big, "big.pdf"), 413, "payload-too-large");
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM \"Attachments\""));
    }

    [Fact]
    public async Task An_attachment_of_exactly_the_configured_limit_is_streamed_into_the_store_and_downloaded_intact()
    {
        // 3 MiB: far past the 64 KiB the form reader keeps in memory, so the intake reads it from the reader's temporary file.
        const int limit = 3 * 1024 * 1024;
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-size-{Guid.NewGuid():N}"));
        settings["Storage:MaxAttachmentBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var sized = new ApiFactory(settings);
        var admin = await Calls.SignedInAsync(sized, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var applicant = await Calls.SignedInAsRoleAsync(sized, admin, "Applicant");
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre", attachRequired: false);
        var content = new byte[limit];
        new Random(18).NextBytes(content);
        Pdf.CopyTo(content, 0);

        var upload = await UploadAsync(applicant, id, content, "扫描件.pdf");

        await Expect.StatusAsync(upload, HttpStatusCode.Created);
        var attachment = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), attachment.GetProperty("sha256").GetString());
        Assert.Equal(limit, attachment.GetProperty("size").GetInt64());
        var download = await applicant.GetAsync($"/api/applications/{id}/attachments/{attachment.GetProperty("id").GetGuid()}");
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        await Expect.ProblemAsync(await UploadAsync(applicant, id, [.. content, 0], "扫描件.pdf"), 413, "payload-too-large");
    }

    /// <summary>A DOCX whose one extra part is <paramref name="zeros"/> zero bytes, deflated to about a thousandth.</summary>
    internal static byte[] DocxWithZeros(long zeros)
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
                using (var part = archive.CreateEntry(name).Open())
                    part.Write("<?xml version=\"1.0\"?><x/>"u8);
            using var bomb = archive.CreateEntry("word/media/image1.png", System.IO.Compression.CompressionLevel.Fastest).Open();
            var chunk = new byte[1024 * 1024];
            for (var left = zeros; left > 0; left -= chunk.Length)
                bomb.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
        return buffer.ToArray();
    }

    private static List<string> StoredFiles(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order().ToList() : [];

    [Fact]
    public async Task A_docx_that_unpacks_past_the_limits_is_refused_and_nothing_is_stored()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"yangfan-bomb-{Guid.NewGuid():N}");
        await using var factory = new ApiFactory(ApiFactory.PostgresSettings(Fixture.ConnectionString, dataDirectory));
        var admin = await Calls.SignedInAsync(factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var applicant = await Calls.SignedInAsRoleAsync(factory, admin, "Applicant");
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre", attachRequired: false);
        const string docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        var stored = Path.Combine(dataDirectory, "attachments");
        // The store already holds the organisation's verification documents, which share it.
        var storedBefore = StoredFiles(stored);

        // 60 MiB of zeros in a 60 KiB upload: past the default 50 MiB a part may unpack to.
        var bomb = DocxWithZeros(60L * 1024 * 1024);
        var tooLarge = await Expect.ProblemAsync(await UploadAsync(applicant, id, bomb, "申报书.docx", contentType: docx), 413, "payload-too-large");
        Assert.Contains("word/media/image1.png", tooLarge.GetProperty("detail").GetString());
        // 3 MiB of zeros stays within the sizes but is compressed far past 100:1: no document looks like that.
        await Expect.ProblemAsync(await UploadAsync(applicant, id, DocxWithZeros(3L * 1024 * 1024), "申报书.docx", contentType: docx),
            415, "unsupported-media-type");

        Assert.Equal(0, await ScalarAsync<long>($"SELECT count(*) FROM \"Attachments\" WHERE \"ApplicationId\" = '{id}'"));
        Assert.Equal(storedBefore, StoredFiles(stored));
        await Expect.StatusAsync(await UploadAsync(applicant, id, DocxWithZeros(64 * 1024), "申报书.docx", contentType: docx),
            HttpStatusCode.Created);
    }

    [Fact]
    public async Task Required_attachments_guard_submission_and_attachments_change_only_while_a_draft()
    {
        var admin = await AsAdminAsync();
        var (applicant, id, _) = await DraftAsync(admin, ["application-form", "business-licence"]);
        await UploadAsync(applicant, id, Pdf, "form.pdf");

        var refused = await Expect.ProblemAsync(await Transitions.FireAsync(applicant, id, "submit"), 409, "guards-unmet");
        Assert.Equal("required-attachments", refused.GetProperty("unmetGuards")[0].GetProperty("name").GetString());

        var licence = await (await UploadAsync(applicant, id, Pdf, "licence.pdf", kind: "business-licence")).Content.ReadFromJsonAsync<JsonElement>();
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
