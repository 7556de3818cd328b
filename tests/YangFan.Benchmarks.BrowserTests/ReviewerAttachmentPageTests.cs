using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// An expert's view of an application's files in a blind review (docs/decisions/0037): after the no-conflict confirmation
/// the assignment page lists them under neutral names, opens the PDF in the browser and offers every file for download,
/// and nothing the expert reads names the applicant; the page passes axe in Chinese and English.
/// </summary>
public sealed class ReviewerAttachmentPageTests(SiteFixture site) : SiteTest(site)
{
    private const string Title = "码头 5G 远控示范项目";
    private const string Organisation = "测试科技有限公司";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Fact]
    public async Task In_a_blind_review_the_expert_sees_neutral_names_opens_the_pdf_inline_and_reads_no_name_of_the_applicant()
    {
        var (expert, assignment) = await BlindAssignmentAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, returnUrl: $"/expert/assignments/{assignment}");

        // Before the confirmation no file is listed.
        await Expect(page.Locator("#attachments")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        var files = page.Locator("#attachments");
        await Expect(files.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        var form = files.GetByRole(AriaRole.Row, new() { Name = "application-form-1.pdf" });
        var notes = files.GetByRole(AriaRole.Row, new() { Name = "other-1.docx" });
        await Expect(form).ToContainTextAsync("申报书（盖章扫描件）");
        await Expect(notes).ToContainTextAsync("其他材料");
        // The business licence names the applicant: not listed at all.
        await Expect(files).Not.ToContainTextAsync("营业执照");
        await Expect(notes.GetByRole(AriaRole.Link, new() { Name = "在浏览器中查看 other-1.docx" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(Organisation, await page.ContentAsync());
        await AssertAccessibleAsync(page);

        // 查看 opens the PDF in the browser: the response is inline, never sniffed, under a policy that loads nothing else.
        var view = form.GetByRole(AriaRole.Link, new() { Name = "在浏览器中查看 application-form-1.pdf" });
        var viewed = await page.Context.APIRequest.GetAsync(Site.BaseAddress + await view.GetAttributeAsync("href"));
        Assert.Equal(200, viewed.Status);
        Assert.Equal("application/pdf", viewed.Headers["content-type"]);
        Assert.StartsWith("inline;", viewed.Headers["content-disposition"]);
        Assert.Contains("application-form-1.pdf", viewed.Headers["content-disposition"]);
        Assert.Equal("nosniff", viewed.Headers["x-content-type-options"]);
        Assert.StartsWith("default-src 'none'", viewed.Headers["content-security-policy"]);
        Assert.Equal(Pdf, await viewed.BodyAsync());
        var downloaded = await page.Context.APIRequest.GetAsync(Site.BaseAddress
            + await notes.GetByRole(AriaRole.Link, new() { Name = "下载 other-1.docx" }).GetAttributeAsync("href"));
        Assert.Equal(200, downloaded.Status);
        Assert.StartsWith("attachment;", downloaded.Headers["content-disposition"]);
        foreach (var response in new[] { viewed, downloaded })
            Assert.DoesNotContain(Uri.EscapeDataString(Organisation), string.Join("\n", response.Headers.Values), StringComparison.OrdinalIgnoreCase);

        var english = await SignedInAsync(expert.Email, expert.Password, "en", returnUrl: $"/expert/assignments/{assignment}");
        await Expect(english.Locator("#attachments").GetByRole(AriaRole.Link, new() { Name = "View application-form-1.pdf in the browser" }))
            .ToBeVisibleAsync();
        await AssertAccessibleAsync(english);
    }

    /// <summary>
    /// A new call on a blind version of the benchmark workflow (the workflow is published back as it was once the call has
    /// pinned it, for the other tests' calls), an application in review there with three files named after the applicant,
    /// and a new expert assigned to it: the expert's sign-in and the assignment.
    /// </summary>
    private async Task<((Guid Id, string Email, string Password) Expert, Guid Assignment)> BlindAssignmentAsync()
    {
        var admin = await AdminAsync();
        var published = (await admin.GetFromJsonAsync<JsonElement[]>("/api/workflows"))!
            .Where(w => w.GetProperty("key").GetString() == "demonstration-benchmark" && w.GetProperty("status").GetString() == "Published")
            .Max(w => w.GetProperty("version").GetInt32());
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/demonstration-benchmark/versions/{published}");
        var definition = JsonNode.Parse(stored.GetProperty("definition").GetRawText())!;
        Guid callId;
        await PublishAsync(admin, definition, published + 1, blind: true);
        try
        {
            (_, callId) = await OpenCallAsync(admin);
        }
        finally
        {
            await PublishAsync(admin, definition, published + 2, blind: definition["review"]?["blind"]?.GetValue<bool>() ?? false);
        }

        var applicant = await Applicants.NewAsync(NewClient, admin);
        var content = JsonNode.Parse(JsonSerializer.Serialize(TestContent.CompleteFor("demonstration-benchmark")))!;
        content["projectTitle"] = Title;
        var created = await Selection.SucceedAsync(applicant.Api.PostAsJsonAsync($"/api/calls/{callId}/applications",
            new { sectorCode = "industrial-internet", content }));
        var applicationId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (kind, bytes, type, name) in new[]
                 {
                     ("application-form", Pdf, "application/pdf", $"{Organisation}-申报书.pdf"),
                     ("other", NotesDocx(), Docx, $"{Organisation}-说明.docx"),
                     ("business-licence", TestData.LicencePdf, "application/pdf", $"{Organisation}-营业执照.pdf"),
                 })
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new(type);
            await Selection.SucceedAsync(applicant.Api.PostAsync($"/api/applications/{applicationId}/attachments",
                new MultipartFormDataContent { { new StringContent(kind), "kind" }, { file, "file", name } }));
        }
        await Selection.MoveAsync(applicant.Api, applicationId, "submit");
        await Selection.RecommendAsync(NewClient, admin, applicationId);
        await Selection.MoveAsync(admin, applicationId, "accept");
        var expert = await Selection.ExpertAsync(admin);
        return (expert, (await Selection.AssignAsync(admin, applicationId, expert.Id)).GetProperty("id").GetGuid());
    }

    /// <summary>The smallest package the intake takes for a Word document: its content types and its document part.</summary>
    private static byte[] NotesDocx()
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
                using (var part = archive.CreateEntry(name).Open())
                    part.Write("<?xml version=\"1.0\"?><x/>"u8);
        return buffer.ToArray();
    }

    private static async Task PublishAsync(HttpClient admin, JsonNode definition, int version, bool blind)
    {
        var copy = definition.DeepClone();
        copy["version"] = version;
        copy["review"]!["blind"] = blind;
        await Selection.SucceedAsync(admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", copy));
        await Selection.SucceedAsync(admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{version}/publish", null));
    }
}
