using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Intake;
using YangFan.Benchmarks.IntegrationTests.Pages;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>
/// What reviewers read of an application's files: in a blind review no uploaded name anywhere (docs/decisions/0037), PDF and
/// images viewable in the browser under a restrictive policy, and the review pages' own addresses for both.
/// </summary>
public sealed class ReviewerAttachmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Company = "深圳港航科技有限公司";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1];

    private sealed record Reviewed(WorkflowScenario S, Expert Expert, Guid Assignment, Dictionary<string, Guid> Files);

    /// <summary>
    /// An application in review whose files are named after the applicant, in upload order: the application form (PDF), a photo
    /// (PNG) and notes (DOCX) as "other", and the business licence; one expert assigned, confirmed unless told not to be.
    /// </summary>
    private async Task<Reviewed> ReviewedAsync(HttpClient admin, bool blind, bool confirmed = true)
    {
        if (blind)
            await ReviewingTests.PublishBlindReviewAsync(admin);
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var files = new Dictionary<string, Guid>();
        foreach (var (key, bytes, name, kind, type) in new[]
                 {
                     ("form", AttachmentTests.Pdf, $"{Company}-申报书.pdf", "application-form", "application/pdf"),
                     ("photo", Png, $"{Company}-现场照片.png", "other", "image/png"),
                     ("notes", AttachmentTests.DocxWithZeros(16), $"{Company}-说明.docx", "other", Docx),
                     ("licence", AttachmentTests.Pdf, $"{Company}-营业执照.pdf", "business-licence", "application/pdf"),
                 })
        {
            var upload = await AttachmentTests.UploadAsync(s.Applicant, s.ApplicationId, bytes, name, kind, type);
            await Expect.StatusAsync(upload, HttpStatusCode.Created);
            files[key] = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        var expert = await ExpertAsync(Factory, admin);
        var assignment = await AssignAsync(admin, s.ApplicationId, expert.Id);
        if (confirmed)
            await ConfirmAsync(expert.Client, assignment);
        return new Reviewed(s, expert, assignment, files);
    }

    private static string Download(Guid applicationId, Guid attachmentId, string query = "") =>
        $"/api/applications/{applicationId}/attachments/{attachmentId}{query}";

    /// <summary>The company's name, as written or as a header would percent-encode it, is nowhere in the response.</summary>
    private static async Task AssertNoCompanyAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")));
        var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        foreach (var text in new[] { headers, body })
        {
            Assert.DoesNotContain(Company, text);
            Assert.DoesNotContain(Uri.EscapeDataString(Company), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task In_a_blind_review_no_uploaded_file_name_reaches_the_expert_in_any_body_or_header_only_names_of_kind_and_number()
    {
        var admin = await AsAdminAsync();
        var (s, expert, assignment, files) = await ReviewedAsync(admin, blind: true);
        var id = s.ApplicationId;

        var listed = (await expert.Client.GetFromJsonAsync<JsonElement[]>($"/api/applications/{id}/attachments"))!;

        // Numbered within their kind in upload order, with the extension of the type detected from the bytes.
        Assert.Equal(["application-form-1.pdf", "other-1.png", "other-2.docx"], listed.Select(a => a.GetProperty("fileName").GetString()));
        var reads = new List<string>
        {
            $"/api/applications/{id}", $"/api/applications/{id}/attachments", $"/api/applications/{id}/history", $"/api/applications/{id}/form",
            "/api/me/assignments", $"/api/assignments/{assignment}",
        };
        foreach (var file in new[] { "form", "photo", "notes" })
            reads.AddRange([Download(id, files[file]), Download(id, files[file], "?inline=1")]);
        foreach (var read in reads)
            await AssertNoCompanyAsync(await expert.Client.GetAsync(read));
        var form = await expert.Client.GetAsync(Download(id, files["form"]));
        Assert.Equal("application-form-1.pdf", form.Content.Headers.ContentDisposition!.FileNameStar);
        var photo = await expert.Client.GetAsync(Download(id, files["photo"], "?inline=1"));
        Assert.Equal(("inline", "other-1.png"), (photo.Content.Headers.ContentDisposition!.DispositionType, photo.Content.Headers.ContentDisposition.FileNameStar));
        await Expect.ProblemAsync(await expert.Client.GetAsync(Download(id, files["licence"], "?inline=1")), 404, "not-found");

        // The names are the expert's view only: the applicant and the administrator keep the uploaded ones.
        var asApplicant = (await s.Applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{id}/attachments"))!;
        Assert.All(asApplicant, a => Assert.StartsWith($"{Company}-", a.GetProperty("fileName").GetString()));
    }

    [Fact]
    public async Task Pdf_and_images_are_served_inline_under_a_restrictive_policy_when_asked_and_everything_else_stays_a_download()
    {
        var admin = await AsAdminAsync();
        var (s, expert, _, files) = await ReviewedAsync(admin, blind: false);
        var id = s.ApplicationId;

        var pdf = await expert.Client.GetAsync(Download(id, files["form"], "?inline=1"));
        var png = await expert.Client.GetAsync(Download(id, files["photo"], "?inline=true"));
        var docx = await expert.Client.GetAsync(Download(id, files["notes"], "?inline=1"));
        var plain = await expert.Client.GetAsync(Download(id, files["form"]));

        await Expect.StatusAsync(pdf, HttpStatusCode.OK);
        Assert.Equal("inline", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{Company}-申报书.pdf", pdf.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal(AttachmentTests.Pdf, await pdf.Content.ReadAsByteArrayAsync());
        var pdfPolicy = Assert.Single(pdf.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", pdfPolicy);
        // A sandbox stops the browser's PDF viewer; the image gets one.
        Assert.DoesNotContain("sandbox", pdfPolicy);
        Assert.Equal("inline", png.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Matches("default-src 'none'.*; sandbox$", Assert.Single(png.Headers.GetValues("Content-Security-Policy")));
        foreach (var response in new[] { pdf, png, docx, plain })
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        foreach (var download in new[] { docx, plain })
        {
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.False(download.Headers.Contains("Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task Experts_and_recommenders_open_attachments_through_the_review_pages_under_the_same_rule_as_the_API()
    {
        var admin = await AsAdminAsync();
        var (s, expert, assignment, files) = await ReviewedAsync(admin, blind: true, confirmed: false);
        var id = s.ApplicationId;
        var pages = Anonymous();
        await PageTests.SignInThroughTheFormAsync(pages, expert.Email, "Expert-Passw0rd");
        var viewForm = $"/review/applications/{id}/attachments/{files["form"]}?inline=1";

        // Before the no-conflict confirmation: neither the files nor their list.
        await Expect.ProblemAsync(await pages.GetAsync(viewForm), 409, "conflict-confirmation-required");
        Assert.DoesNotContain("application-form-1.pdf", await pages.GetStringAsync($"/expert/assignments/{assignment}"));
        await ConfirmAsync(expert.Client, assignment);

        var page = await pages.GetStringAsync($"/expert/assignments/{assignment}");
        var viewed = await pages.GetAsync(viewForm);

        Assert.Contains("<th scope=\"row\">application-form-1.pdf</th>", page);
        Assert.Contains("<th scope=\"row\">other-2.docx</th>", page);
        Assert.DoesNotContain(Company, page);
        // 查看 for the PDF and the image, 下载 for all three.
        Assert.Equal(2, page.Split("?inline=1").Length - 1);
        Assert.Contains($"href=\"{viewForm}\"", page);
        Assert.Equal(3, page.Split(">下载</a>").Length - 1);
        await AssertNoCompanyAsync(viewed);
        Assert.Equal(("inline", "application-form-1.pdf"),
            (viewed.Content.Headers.ContentDisposition!.DispositionType, viewed.Content.Headers.ContentDisposition.FileNameStar));
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/review/applications/{id}/attachments/{files["licence"]}")).StatusCode);

        // Recommenders see what they may see through the API: in their jurisdiction, every file as uploaded.
        var inProvince = await RecommenderPagesAsync(admin, "44");
        var licence = await inProvince.GetAsync($"/review/applications/{id}/attachments/{files["licence"]}");
        await Expect.StatusAsync(licence, HttpStatusCode.OK);
        Assert.Equal(("attachment", $"{Company}-营业执照.pdf"),
            (licence.Content.Headers.ContentDisposition!.DispositionType, licence.Content.Headers.ContentDisposition.FileNameStar));
        var elsewhere = await RecommenderPagesAsync(admin, "11");
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"/review/applications/{id}/attachments/{files["licence"]}")).StatusCode);
        // The API's bearer token opens no page address: it is sent to sign in.
        var withToken = await s.Recommender.GetAsync($"/review/applications/{id}/attachments/{files["licence"]}");
        Assert.StartsWith("/account/sign-in", withToken.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Null(withToken.Content.Headers.ContentDisposition);
    }

    private async Task<HttpClient> RecommenderPagesAsync(HttpClient admin, string province)
    {
        var email = $"recommender-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = "Recommender-Passw0rd", displayName = $"推荐单位{province}", role = "Recommender",
            recommender = new { provinceCode = province },
        }), HttpStatusCode.Created);
        var pages = Anonymous();
        await PageTests.SignInThroughTheFormAsync(pages, email, "Recommender-Passw0rd");
        return pages;
    }
}
