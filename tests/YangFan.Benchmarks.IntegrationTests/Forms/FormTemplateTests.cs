using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Forms;

public sealed class FormTemplateTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Anyone_downloads_the_template_of_a_published_form()
    {
        var response = await Anonymous().GetAsync("/api/forms/demonstration-benchmark/1/templates/application-form");

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        Assert.Equal("demonstration-benchmark-application-form.xlsx", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
    }

    [Fact]
    public async Task A_kind_without_a_template_an_unknown_form_and_a_draft_give_404()
    {
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/forms/demonstration-benchmark/1/templates/business-licence"), 404, "not-found");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/forms/moon-base/1/templates/application-form"), 404, "not-found");
        var admin = await AsAdminAsync();
        var draft = FormVersions.Shipped("security-centre");
        draft["version"] = 3;
        await Expect.StatusAsync(await admin.PostAsync("/api/forms/security-centre/versions",
            new StringContent(draft.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/forms/security-centre/3/templates/application-form"), 404, "not-found");
    }

    [Fact]
    public async Task An_upload_of_a_kind_the_form_does_not_define_is_refused_and_nothing_is_stored()
    {
        var s = await WorkflowScenario.CreateAsync(Factory, await AsAdminAsync(), "innovation-centre");
        var before = await ScalarAsync<long?>("SELECT count(*) FROM \"Attachments\"");

        var refused = await Intake.AttachmentTests.UploadAsync(s.Applicant, s.ApplicationId, Intake.AttachmentTests.Pdf, "x.pdf", kind: "ApplicationForm");

        var problem = await Expect.ProblemAsync(refused, 400, "validation");
        Assert.Contains("kind", Expect.ErrorFields(problem));
        Assert.Contains("application-form", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await ScalarAsync<long?>("SELECT count(*) FROM \"Attachments\""));
        await Expect.StatusAsync(await Intake.AttachmentTests.UploadAsync(s.Applicant, s.ApplicationId, Intake.AttachmentTests.Pdf, "x.pdf",
            kind: "application-form"), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Content_refused_on_an_edit_names_each_value_by_its_pointer_in_both_languages_and_changes_nothing()
    {
        var s = await WorkflowScenario.CreateAsync(Factory, await AsAdminAsync());
        var read = await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{s.ApplicationId}")
        {
            Content = JsonContent.Create(new { sectorCode = "industrial-internet", content = new { outcomes = new[] { new { metric = "效率", baseline = 1 } }, startDate = "2014-01-01" } }),
        };
        request.Headers.IfMatch.Add(read.Headers.ETag!);

        var problem = await Expect.ProblemAsync(await s.Applicant.SendAsync(request), 400, "validation");

        Assert.Equal(["/content/outcomes/0/result", "/content/startDate"], Expect.ErrorFields(problem).Order(StringComparer.Ordinal));
        var message = problem.GetProperty("messages").GetProperty("/content/startDate")[0];
        Assert.Equal("不能早于 2015-01-01", message.GetProperty("zh").GetString());
        Assert.Equal("Must not be before 2015-01-01.", message.GetProperty("en").GetString());
        Assert.Equal(read.Headers.ETag, (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag);
    }

    private Task<string?> TemplateHashesAsync(string key, int version) =>
        ScalarAsync<string>($"SELECT \"TemplateHashes\" FROM \"Forms\" WHERE \"Key\" = '{key}' AND \"Version\" = {version}");

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static byte[] ShippedTemplate(string key) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "forms", "templates", $"{key}-application-form.xlsx"));

    [Fact]
    public async Task A_published_version_serves_the_template_bytes_it_was_stored_with_not_the_file_of_today()
    {
        var hashes = JsonSerializer.Deserialize<Dictionary<string, string>>((await TemplateHashesAsync("demonstration-benchmark", 1))!)!;
        Assert.Equal(Sha256(ShippedTemplate("demonstration-benchmark")), hashes["application-form"]);

        // The version names other bytes of the file store (another form's template): those are what it serves.
        await ExecuteAsync($$"""UPDATE "Forms" SET "TemplateHashes" = '{"application-form":"{{Sha256(ShippedTemplate("innovation-centre"))}}"}' WHERE "Key" = 'demonstration-benchmark'""");
        var served = await (await Anonymous().GetAsync("/api/forms/demonstration-benchmark/1/templates/application-form")).Content.ReadAsByteArrayAsync();

        Assert.Equal(ShippedTemplate("innovation-centre"), served);
        Assert.Equal("demonstration-benchmark-application-form.xlsx", (await Anonymous().GetAsync("/api/forms/demonstration-benchmark/1/templates/application-form"))
            .Content.Headers.ContentDisposition!.FileName?.Trim('"'));
    }

    [Fact]
    public async Task An_uploaded_draft_keeps_the_shipped_templates_it_names()
    {
        var version = await FormVersions.PublishAsync(await AsAdminAsync(), "innovation-centre");

        var hashes = JsonSerializer.Deserialize<Dictionary<string, string>>((await TemplateHashesAsync("innovation-centre", version))!)!;
        Assert.Equal(Sha256(ShippedTemplate("innovation-centre")), hashes["application-form"]);
        Assert.Equal(ShippedTemplate("innovation-centre"),
            await (await Anonymous().GetAsync($"/api/forms/innovation-centre/{version}/templates/application-form")).Content.ReadAsByteArrayAsync());
    }

    /// <summary>Version 2 of the innovation centres' form as a draft, its application form a new template no release shipped.</summary>
    private async Task<HttpClient> DraftWithNewTemplateAsync()
    {
        var admin = await AsAdminAsync();
        var draft = FormVersions.Shipped("innovation-centre");
        draft["version"] = 2;
        draft["attachments"]![0]!["template"] = "templates/innovation-centre-2027.xlsx";
        await Expect.StatusAsync(await admin.PostAsync("/api/forms/innovation-centre/versions",
            new StringContent(draft.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        return admin;
    }

    internal static Task<HttpResponseMessage> PutTemplateAsync(HttpClient client, string path, byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PutAsync(path, form);
    }

    private Task<long?> TemplateUploadsAsync() =>
        ScalarAsync<long?>("""SELECT count(*) FROM "AuditEvents" WHERE "Action" = 'form.template-uploaded'""");

    [Fact]
    public async Task A_draft_naming_a_new_template_publishes_only_once_it_is_uploaded_and_then_serves_those_bytes()
    {
        var admin = await DraftWithNewTemplateAsync();

        var refused = await Expect.ProblemAsync(await admin.PostAsync("/api/forms/innovation-centre/versions/2/publish", null), 422, "form-templates-missing");
        Assert.Contains("'application-form'", refused.GetProperty("detail").GetString());
        Assert.Equal(["application-form"], refused.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("Draft", await ScalarAsync<string>("""SELECT "Status" FROM "Forms" WHERE "Key" = 'innovation-centre' AND "Version" = 2"""));

        // Another form's spreadsheet stands for the new template; uploading again replaces the first upload.
        await Expect.StatusAsync(await PutTemplateAsync(admin, "/api/forms/innovation-centre/versions/2/templates/application-form",
            ShippedTemplate("solution-supplier"), "first.xlsx"), HttpStatusCode.OK);
        var upload = await PutTemplateAsync(admin, "/api/forms/innovation-centre/versions/2/templates/application-form",
            ShippedTemplate("security-centre"), "新模板.xlsx");
        await Expect.StatusAsync(upload, HttpStatusCode.OK);
        Assert.Equal(Sha256(ShippedTemplate("security-centre")), (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());
        Assert.Equal(2, await TemplateUploadsAsync());
        await Expect.StatusAsync(await admin.PostAsync("/api/forms/innovation-centre/versions/2/publish", null), HttpStatusCode.OK);

        var download = await Anonymous().GetAsync("/api/forms/innovation-centre/2/templates/application-form");
        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal(ShippedTemplate("security-centre"), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("innovation-centre-2027.xlsx", download.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_template_upload_to_a_published_version_an_unknown_kind_a_kind_without_template_in_the_wrong_type_or_by_a_non_admin_changes_nothing()
    {
        var admin = await DraftWithNewTemplateAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var published = await TemplateHashesAsync("innovation-centre", 1);
        var draft = await TemplateHashesAsync("innovation-centre", 2);
        var xlsx = ShippedTemplate("solution-supplier");

        var versionsNeverChange = await Expect.ProblemAsync(await PutTemplateAsync(admin,
            "/api/forms/innovation-centre/versions/1/templates/application-form", xlsx, "t.xlsx"), 409, "form-version-published");
        Assert.Contains("never change", versionsNeverChange.GetProperty("detail").GetString());
        var unknown = await Expect.ProblemAsync(await PutTemplateAsync(admin,
            "/api/forms/innovation-centre/versions/2/templates/moon-rock", xlsx, "t.xlsx"), 404, "not-found");
        Assert.Contains("'moon-rock'", unknown.GetProperty("detail").GetString());
        var undeclared = await Expect.ProblemAsync(await PutTemplateAsync(admin,
            "/api/forms/innovation-centre/versions/2/templates/business-licence", xlsx, "t.xlsx"), 422, "no-template-declared");
        Assert.Contains("'business-licence'", undeclared.GetProperty("detail").GetString());
        // A PDF (a type attachments accept) is not the spreadsheet the template's name says.
        var wrongType = await Expect.ProblemAsync(await PutTemplateAsync(admin,
            "/api/forms/innovation-centre/versions/2/templates/application-form", Intake.AttachmentTests.Pdf, "t.xlsx"), 415, "unsupported-media-type");
        Assert.Contains("XLSX", wrongType.GetProperty("detail").GetString());
        await Expect.StatusAsync(await PutTemplateAsync(applicant,
            "/api/forms/innovation-centre/versions/2/templates/application-form", xlsx, "t.xlsx"), HttpStatusCode.Forbidden);

        Assert.Equal(published, await TemplateHashesAsync("innovation-centre", 1));
        Assert.Equal(draft, await TemplateHashesAsync("innovation-centre", 2));
        Assert.Equal(0, await TemplateUploadsAsync());
        await Expect.ProblemAsync(await admin.PostAsync("/api/forms/innovation-centre/versions/2/publish", null), 422, "form-templates-missing");
    }

    [Fact]
    public async Task A_database_from_before_templates_belonged_to_their_version_gets_the_hashes_of_the_files_at_start_up()
    {
        await ExecuteAsync("""UPDATE "Forms" SET "TemplateHashes" = NULL""");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/forms/security-centre/1/templates/application-form"), 404, "not-found");

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FormImporter>().ImportAsync(Path.Combine(AppContext.BaseDirectory, "forms"), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        Assert.Equal(0, await ScalarAsync<long?>("""SELECT count(*) FROM "Forms" WHERE "TemplateHashes" IS NULL"""));
        foreach (var version in new[] { 1, 2 })
            Assert.Equal(Sha256(ShippedTemplate("security-centre")),
                JsonSerializer.Deserialize<Dictionary<string, string>>((await TemplateHashesAsync("security-centre", version))!)!["application-form"]);
        Assert.Equal(ShippedTemplate("security-centre"),
            await (await Anonymous().GetAsync("/api/forms/security-centre/1/templates/application-form")).Content.ReadAsByteArrayAsync());
    }
}
