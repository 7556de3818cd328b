using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Forms;

public sealed class FormVersionTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private Task<long?> FormRowsAsync() => ScalarAsync<long?>("SELECT count(*) FROM \"Forms\"");

    [Fact]
    public async Task The_shipped_forms_are_imported_as_published_versions()
    {
        var versions = await (await AsAdminAsync()).GetFromJsonAsync<JsonElement[]>("/api/forms") ?? [];

        // Security centres ship version 1 (which calls opened before it pin) beside version 2, which requires the application form.
        Assert.Equal(["demonstration-benchmark/1", "innovation-centre/1", "regional-security-benchmark/1", "security-centre/1", "security-centre/2", "solution-supplier/1"],
            versions.Select(v => $"{v.GetProperty("key").GetString()}/{v.GetProperty("version").GetInt32()}").Order(StringComparer.Ordinal));
        Assert.All(versions, v => Assert.Equal("Published", v.GetProperty("status").GetString()));
        Assert.All(versions, v => Assert.Equal("file", v.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task The_form_list_counts_the_calls_pinning_each_version_and_the_applications_they_hold()
    {
        var admin = await AsAdminAsync();
        // One call with an application, and one without: both pin the benchmark form's version 1 when they open.
        await WorkflowScenario.CreateAsync(Factory, admin);
        await WorkflowBuilder.OpenCallAsync(admin);

        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/forms") ?? [];

        var benchmark = versions.Single(v => v.GetProperty("key").GetString() == "demonstration-benchmark" && v.GetProperty("version").GetInt32() == 1);
        Assert.Equal(2, benchmark.GetProperty("calls").GetInt32());
        Assert.Equal(1, benchmark.GetProperty("applications").GetInt32());
        Assert.All(versions.Where(v => v.GetProperty("key").GetString() != "demonstration-benchmark"),
            v => Assert.Equal(0, v.GetProperty("applications").GetInt32()));
    }

    [Fact]
    public async Task A_draft_with_errors_is_refused_with_every_error_at_its_JSON_path_and_nothing_stored()
    {
        var admin = await AsAdminAsync();
        var definition = FormVersions.Shipped("demonstration-benchmark");
        definition["version"] = 2;
        definition["rules"]![0]!["name"] = "lucky-number";
        definition["sections"]![0]!["fields"]![0]!["widget"] = "number";
        definition["attachments"]![1]!["kind"] = "application-form";
        var before = await FormRowsAsync();

        var problem = await Expect.ProblemAsync(await admin.PostAsync("/api/forms/demonstration-benchmark/versions", Json(definition)), 422, "form-invalid");

        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.rules[0].name", paths);
        Assert.Contains("$.sections[0].fields[0].widget", paths);
        Assert.Contains("$.attachments[1].kind", paths);
        Assert.Equal(before, await FormRowsAsync());
    }

    [Fact]
    public async Task A_draft_is_uploaded_read_and_published_once_and_a_version_is_never_replaced()
    {
        var admin = await AsAdminAsync();
        var definition = FormVersions.Shipped("innovation-centre");
        definition["version"] = 2;

        await Expect.StatusAsync(await admin.PostAsync("/api/forms/innovation-centre/versions", Json(definition)), HttpStatusCode.Created);
        var draft = await admin.GetFromJsonAsync<JsonElement>("/api/forms/innovation-centre/versions/2");
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal("/centreName", draft.GetProperty("definition").GetProperty("listingTitle").GetString());

        await Expect.ProblemAsync(await admin.PostAsync("/api/forms/innovation-centre/versions", Json(definition)), 409, "duplicate");
        await Expect.StatusAsync(await admin.PostAsync("/api/forms/innovation-centre/versions/2/publish", null), HttpStatusCode.OK);
        await Expect.ProblemAsync(await admin.PostAsync("/api/forms/innovation-centre/versions/2/publish", null), 409, "conflict");
        await Expect.ProblemAsync(await admin.PostAsync("/api/forms/innovation-centre/versions/9/publish", null), 404, "not-found");
        // The URL names the form; the definition may not say another.
        await Expect.ProblemAsync(await admin.PostAsync("/api/forms/security-centre/versions", Json(definition)), 422, "form-invalid");
        // Only administrators manage forms.
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.StatusAsync(await applicant.GetAsync("/api/forms"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_running_call_keeps_the_form_it_opened_with_and_a_new_call_gets_the_new_version()
    {
        var admin = await AsAdminAsync();
        var running = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        // A new version shortens the centre's name and asks for laboratories before submission.
        var v2 = await FormVersions.PublishAsync(admin, "security-centre", d =>
        {
            d["schema"]!["properties"]!["centreName"]!["maxLength"] = 10;
            d["schema"]!["required"]!.AsArray().Add("laboratories");
        });
        var later = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        const int shipped = 2;
        Assert.Equal(shipped, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{running}")).GetProperty("formVersion").GetInt32());
        Assert.Equal(v2, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{later}")).GetProperty("formVersion").GetInt32());

        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var other = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var content = new { centreName = "5G 应用安全创新示范中心（广东省）", provinceCode = "44", capabilities = new[] { "ZeroTrust" }, staff = 80, plannedServices = new[] { "评估" } };

        // The running call still takes a name of 20 characters and a submission without laboratories…
        var kept = await applicant.PostAsJsonAsync($"/api/calls/{running}/applications", new { content });
        await Expect.StatusAsync(kept, HttpStatusCode.Created);
        var keptId = (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await WorkflowBuilder.AttachRequiredAsync(applicant, keptId);
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, keptId, "submit"), HttpStatusCode.OK);
        Assert.Equal(shipped, (await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{keptId}/form")).GetProperty("form").GetProperty("version").GetInt32());

        // …the new call refuses the name, and refuses to submit without laboratories.
        var refused = await Expect.ProblemAsync(await other.PostAsJsonAsync($"/api/calls/{later}/applications", new { content }), 400, "validation");
        Assert.Contains("/content/centreName", Expect.ErrorFields(refused));
        var shorter = await other.PostAsJsonAsync($"/api/calls/{later}/applications", new { content = new { centreName = "广东安全中心", provinceCode = "44", capabilities = new[] { "ZeroTrust" }, staff = 80, plannedServices = new[] { "评估" } } });
        await Expect.StatusAsync(shorter, HttpStatusCode.Created);
        var shorterId = (await shorter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var unmet = await Expect.ProblemAsync(await Transitions.FireAsync(other, shorterId, "submit"), 409, "guards-unmet");
        Assert.Contains("content-complete", unmet.GetRawText());
        Assert.Equal(v2, (await other.GetFromJsonAsync<JsonElement>($"/api/applications/{shorterId}/form")).GetProperty("form").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_call_may_choose_a_published_version_but_not_a_draft_nor_another_programmes_form()
    {
        var admin = await AsAdminAsync();
        var definition = FormVersions.Shipped("security-centre");
        definition["version"] = 5;
        await Expect.StatusAsync(await admin.PostAsync("/api/forms/security-centre/versions", Json(definition)), HttpStatusCode.Created);
        var before = await ScalarAsync<long?>("SELECT count(*) FROM \"Calls\"");
        object Body(string? formKey, int? formVersion) => new
        {
            programmeKey = "security-centre", year = 2026, batch = 3, titleZh = "选定表单", titleEn = "A chosen form",
            opensAt = DateTimeOffset.UtcNow.AddDays(-1), closesAt = DateTimeOffset.UtcNow.AddDays(20), formKey, formVersion,
        };

        Assert.Contains("formVersion", Expect.ErrorFields(await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", Body(null, 5)), 400, "validation")));
        Assert.Contains("formKey", Expect.ErrorFields(await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", Body("innovation-centre", 1)), 400, "validation")));
        Assert.Equal(before, await ScalarAsync<long?>("SELECT count(*) FROM \"Calls\""));

        var chosen = await admin.PostAsJsonAsync("/api/calls", Body("security-centre", 1));
        await Expect.StatusAsync(chosen, HttpStatusCode.Created);
        Assert.Equal(1, (await chosen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("formVersion").GetInt32());
    }

    /// <summary>
    /// What the start-up's import says of a copy of the shipped forms folder, definitions and templates, changed by
    /// <paramref name="change"/> (given the copy's folder): the import must refuse it.
    /// </summary>
    private async Task<InvalidOperationException> ImportRefusedAsync(Func<string, Task> change)
    {
        var folder = Directory.CreateTempSubdirectory("yangfan-forms-").FullName;
        try
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "forms");
            Directory.CreateDirectory(Path.Combine(folder, "templates"));
            foreach (var file in Directory.GetFiles(shipped, "*.json"))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            foreach (var template in Directory.GetFiles(Path.Combine(shipped, "templates")))
                File.Copy(template, Path.Combine(folder, "templates", Path.GetFileName(template)));
            await change(folder);

            await using var scope = Factory.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<FormImporter>();
            return await Assert.ThrowsAsync<InvalidOperationException>(() => importer.ImportAsync(folder, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_changed_form_file_without_a_new_version_stops_the_start_up()
    {
        var changed = FormVersions.Shipped("security-centre");
        changed["title"]!["en"] = "A quietly changed form";

        var error = await ImportRefusedAsync(folder => File.WriteAllTextAsync(Path.Combine(folder, "security-centre.json"), changed.ToJsonString()));

        Assert.Contains($"still says version {changed["version"]}", error.Message);
    }

    [Fact]
    public async Task A_changed_template_file_without_a_new_version_stops_the_start_up()
    {
        // The same spreadsheet with one more byte at its end: a quietly edited template.
        var error = await ImportRefusedAsync(folder =>
            File.AppendAllTextAsync(Path.Combine(folder, "templates", "innovation-centre-application-form.xlsx"), " "));

        Assert.Contains("template of 'application-form' of form 'innovation-centre' changed", error.Message);
    }
}
