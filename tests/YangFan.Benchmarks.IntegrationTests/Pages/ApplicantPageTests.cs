using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// The applicant's pages over plain HTTP, as a browser without JavaScript uses them: the applications and open calls,
/// starting an application, attachments, the submit checklist, firing transitions with the version shown, the
/// timeline with a return's reason, and the notifications inbox; and their refusals, which change nothing.
/// </summary>
public sealed partial class ApplicantPageTests(ApiFixture fixture) : ApiTest(fixture)
{
    private sealed record Signed(TestApplicant Applicant, HttpClient Pages);

    private async Task<Signed> SignedInApplicantAsync(HttpClient admin)
    {
        var applicant = await Applicants.NewAsync(Factory.CreateClient, admin);
        var pages = Anonymous();
        await PageTests.SignInThroughTheFormAsync(pages, applicant.Email, applicant.Password);
        return new Signed(applicant, pages);
    }

    /// <summary>A signed-in applicant with a complete draft in an open call, and the draft's page.</summary>
    private async Task<(HttpClient Admin, TestApplicant Applicant, HttpClient Pages, Guid Id, string Path)> DraftAsync(
        string[]? requiredAttachments = null)
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, requiredAttachments: requiredAttachments);
        var (applicant, pages) = await SignedInApplicantAsync(admin);
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant.Api, callId, attachRequired: false);
        return (admin, applicant, pages, id, $"/applicant/applications/{id}");
    }

    [Fact]
    public async Task The_applicant_page_lists_open_calls_with_their_deadline_and_rules_and_starting_one_opens_its_draft()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, requiredAttachments: ["application-form"]);
        var (applicant, pages) = await SignedInApplicantAsync(admin);

        var html = await pages.GetStringAsync("/applicant");

        Assert.Contains("<h1>我的申报</h1>", html);
        Assert.Contains("本单位尚无申报", html);
        Assert.Contains("5G 示范应用标杆 · 2026 年第一批", html);
        Assert.Contains("5G+工业互联网、5G+智慧港口", WebUtility.HtmlDecode(html));
        Assert.Matches(@"<time datetime=""\d{4}-\d\d-\d\dT\d\d:\d\d(\+|&#x2B;)08:00"">", html);
        Assert.Contains("<a href=\"/applicant\" aria-current=\"page\">我的申报</a>", html);

        var started = await PostAsync(pages, "/applicant", html, $"start-{callId}");

        var id = await ScalarAsync<Guid>($"SELECT \"Id\" FROM \"Applications\" WHERE \"CallId\" = '{callId}'");
        Assert.EndsWith($"/applicant/applications/{id}", started.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await started.Content.ReadAsStringAsync();
        Assert.Contains("id=\"state\">草稿</strong>", page);
        Assert.Equal(applicant.OrganisationId, await ScalarAsync<Guid>($"SELECT \"OrganisationId\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));
        var list = await pages.GetStringAsync("/applicant");
        Assert.Contains($"href=\"/applicant/applications/{id}\"", list);
        Assert.Contains("<td>草稿</td>", list);
    }

    [Fact]
    public async Task Starting_a_second_application_in_the_same_call_is_refused_in_Chinese_and_adds_nothing()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var (_, pages) = await SignedInApplicantAsync(admin);
        var html = await pages.GetStringAsync("/applicant");
        await PostAsync(pages, "/applicant", html, $"start-{callId}");
        var before = await CountRowsAsync();

        var refused = await (await PostAsync(pages, "/applicant", html, $"start-{callId}")).Content.ReadAsStringAsync();

        Assert.Contains("贵单位在本批次中已有一份申报", refused);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task The_applicant_pages_need_an_applicants_session_and_another_organisations_application_is_not_found()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var owner = await Applicants.NewAsync(Factory.CreateClient, admin);
        var applicationId = await WorkflowBuilder.CreateApplicationAsync(owner.Api, callId);

        var anonymous = await Anonymous().GetAsync("/applicant");
        Assert.Contains("/account/sign-in?returnUrl=%2Fapplicant", anonymous.RequestMessage!.RequestUri!.PathAndQuery);

        var (_, stranger) = await SignedInApplicantAsync(admin);
        var response = await stranger.GetAsync($"/applicant/applications/{applicationId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("5G 全连接工厂示范项目", await response.Content.ReadAsStringAsync());
        var download = await stranger.GetAsync($"/applicant/applications/{applicationId}/attachments/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task The_checklist_names_each_unmet_condition_in_Chinese_and_the_submit_button_waits_for_them()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, requiredAttachments: ["application-form"]);
        var (applicant, pages) = await SignedInApplicantAsync(admin);
        var created = await applicant.Api.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content = new { } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var html = await pages.GetStringAsync($"/applicant/applications/{id}");

        Assert.Contains("“提交申报”之前还需完成", html);
        Assert.Contains("申报书中提交所需的各项内容均已填写完整。", html);
        // What the content lacks, checked against the form, each linked to its field.
        Assert.Contains("<a href=\"#f-projectTitle\">项目名称</a>：", html);
        Assert.Contains("<a href=\"#f-outcomes\">可量化成效</a>：", html);
        Assert.Contains("id=\"f-outcomes\"", html);
        Assert.Contains("本批次要求的各类附件均已上传。", html);
        Assert.DoesNotContain("申报批次仍在受理期内", html);
        Assert.Matches("<button type=\"submit\" class=\"primary\" disabled>提交申报</button>", html);
        Assert.Contains("本批次要求上传：申报书（盖章扫描件）", html);
        // Withdrawing needs nothing.
        Assert.Matches("<button type=\"submit\" class=\"secondary\">撤回申报</button>", html);
    }

    [Fact]
    public async Task Attachments_are_uploaded_downloaded_and_deleted_through_the_page_and_a_refused_file_is_named_beside_the_field()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync(requiredAttachments: ["application-form"]);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n申报书\n%%EOF\n");

        var uploaded = await UploadAsync(pages, path, "application-form", "申报书.pdf", pdf);

        Assert.Contains(">申报书.pdf</a>", uploaded);
        Assert.Contains("提交条件均已满足。", uploaded);
        var attachmentId = await ScalarAsync<Guid>($"SELECT \"Id\" FROM \"Attachments\" WHERE \"ApplicationId\" = '{id}'");
        var download = await pages.GetAsync($"{path}/attachments/{attachmentId}");
        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);

        var refused = await UploadAsync(pages, path, "other", "程序.pdf", [0x4D, 0x5A, 0x90, 0x00]);
        Assert.Contains("id=\"file-error\">只接受 PDF、PNG、JPEG、DOCX 或 XLSX 文件。", refused);
        Assert.Contains("aria-invalid=\"true\"", refused);
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM \"Attachments\" WHERE \"ApplicationId\" = '{id}'"));

        var deleted = await (await PostAsync(pages, path, refused, $"delete-{attachmentId}")).Content.ReadAsStringAsync();
        Assert.Contains("尚未上传附件。", deleted);
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM \"Attachments\" WHERE \"ApplicationId\" = '{id}'"));
    }

    [Fact]
    public async Task Submitting_from_the_page_moves_the_application_and_a_return_shows_its_reason_in_the_timeline_and_the_inbox()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();
        var page = await pages.GetStringAsync(path);

        var submitted = await (await PostAsync(pages, path, page, "fire-submit")).Content.ReadAsStringAsync();

        Assert.Contains("id=\"state\">已提交，待推荐</strong>", submitted);
        Assert.Contains("进入“已提交，待推荐”（申报单位：李工）", submitted);
        Assert.DoesNotContain("保存草稿", submitted);
        Assert.DoesNotContain("fire-submit", submitted);

        await Selection.RecommendAsync(Factory.CreateClient, admin, id);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "return", "请补充应用成效数据的测算依据。"), HttpStatusCode.OK);

        var returned = await pages.GetStringAsync(path);
        Assert.Contains("id=\"state\">草稿</strong>", returned);
        Assert.Contains("申报已退回修改", returned);
        Assert.Contains("<span id=\"decision-reason\">请补充应用成效数据的测算依据。</span>", returned);
        Assert.Contains("进入“草稿”（主管部门）", returned);
        Assert.Contains("提交申报", returned);

        var inbox = await pages.GetStringAsync("/notifications");
        Assert.Contains("您的申报已被退回修改。", inbox);
        Assert.Contains($"href=\"{path}\"", inbox);
        Assert.Contains("(1 条未读)", inbox);
        var notificationId = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"Notifications\" WHERE \"RecipientRole\" = 'Applicant'");
        var read = await (await PostAsync(pages, "/notifications", inbox, $"read-{notificationId}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("条未读)", read);
        Assert.Contains("未读 0 条。", read);

        var resubmitted = await (await PostAsync(pages, path, returned, "fire-submit")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"state\">已提交，待推荐</strong>", resubmitted);
    }

    [Fact]
    public async Task A_transition_posted_with_a_version_a_colleague_has_moved_past_is_refused_and_changes_nothing()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();
        var page = await pages.GetStringAsync(path);
        // A colleague saves meanwhile, through the API: another sector.
        var colleague = await applicant.Api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{id}")
        {
            Content = JsonContent.Create(new { sectorCode = "smart-ports", content = TestContent.CompleteFor("demonstration-benchmark") }),
            Headers = { { "If-Match", $"\"{await Applicants.VersionAsync(applicant.Api, id)}\"" } },
        });
        await Expect.StatusAsync(colleague, HttpStatusCode.OK);
        var before = await CountRowsAsync();

        var refused = await (await PostAsync(pages, path, page, "fire-submit")).Content.ReadAsStringAsync();

        Assert.Contains("同事已在您打开页面后保存了这份申报", refused);
        Assert.Contains($"<a href=\"{path}\">载入同事保存的最新版本", refused);
        Assert.Equal("Draft", await ScalarAsync<string>($"SELECT \"State\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_page_post_without_the_antiforgery_token_is_refused_and_fires_nothing()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();
        var page = await pages.GetStringAsync(path);

        var response = await pages.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "fire-submit", ["version"] = VersionIn(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Draft", await ScalarAsync<string>($"SELECT \"State\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));
    }

    [Fact]
    public async Task The_form_is_rendered_from_its_definition_and_a_saved_draft_keeps_what_was_typed()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();

        var page = await pages.GetStringAsync(path);

        Assert.Contains("<legend>项目概况</legend>", page);
        Assert.Contains("<label for=\"f-projectTitle\">项目名称</label>", page);
        Assert.Contains("name=\"content/projectTitle\" value=\"5G 全连接工厂示范项目\"", page);
        Assert.Contains("name=\"content/outcomes/0/metric\" value=\"生产效率提升\"", page);
        Assert.Contains("下载模板：申报书（盖章扫描件）", page);
        Assert.Contains("href=\"/api/forms/demonstration-benchmark/1/templates/application-form\" download", page);
        var template = await pages.GetAsync("/api/forms/demonstration-benchmark/1/templates/application-form");
        await Expect.StatusAsync(template, HttpStatusCode.OK);
        Assert.Equal("demonstration-benchmark-application-form.xlsx", template.Content.Headers.ContentDisposition!.FileNameStar
            ?? template.Content.Headers.ContentDisposition.FileName);

        var saved = await (await PostAsync(pages, path, page, "application", ("form-action", "save"), ("version", VersionIn(page)),
            ("sectorCode", "smart-ports"), ("content/projectTitle", "5G 智慧港口示范项目"), ("content/networkSlicing", "false"),
            ("content/terminalCount", "80"), ("rows:/outcomes", "1"), ("content/outcomes/0/metric", "作业效率"),
            ("content/outcomes/0/baseline", "0"), ("content/outcomes/0/result", "30"))).Content.ReadAsStringAsync();

        Assert.Contains("草稿已保存。", saved);
        Assert.Contains("name=\"content/projectTitle\" value=\"5G 智慧港口示范项目\"", saved);
        var content = JsonDocument.Parse(await ScalarAsync<string>($"SELECT \"Content\" FROM \"Applications\" WHERE \"Id\" = '{id}'") ?? "{}").RootElement;
        Assert.Equal("5G 智慧港口示范项目", content.GetProperty("projectTitle").GetString());
        Assert.False(content.GetProperty("networkSlicing").GetBoolean());
        Assert.Equal(80, content.GetProperty("terminalCount").GetInt32());
        Assert.Equal(30m, content.GetProperty("outcomes")[0].GetProperty("result").GetDecimal());
        Assert.Equal("smart-ports", await ScalarAsync<string>($"SELECT \"SectorCode\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));
    }

    [Fact]
    public async Task A_value_the_form_cannot_hold_is_refused_beside_its_field_with_what_was_typed_and_nothing_is_saved()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();
        var page = await pages.GetStringAsync(path);
        var before = await CountRowsAsync();
        var version = await Applicants.VersionAsync(applicant.Api, id);

        var refused = await (await PostAsync(pages, path, page, "application", ("form-action", "save"), ("version", VersionIn(page)),
            ("content/projectTitle", "改过的标题"), ("content/terminalCount", "一百二十"))).Content.ReadAsStringAsync();

        // The form's own message, in Chinese.
        Assert.Matches("<p class=\"field-error\" id=\"f-terminalCount-error\">[^<a-zA-Z]*\\p{IsCJKUnifiedIdeographs}[^<a-zA-Z]*</p>", refused);
        Assert.Contains("aria-describedby=\"f-terminalCount-error\" aria-invalid=\"true\"", refused);
        Assert.Contains("value=\"一百二十\"", refused);
        Assert.Contains("value=\"改过的标题\"", refused);
        Assert.Equal(version, await Applicants.VersionAsync(applicant.Api, id));
        Assert.Equal(before, await CountRowsAsync());

        // Adding a row shows it, and saves nothing.
        var added = await (await PostAsync(pages, path, page, "application", ("form-action", "add:/outcomes"), ("version", VersionIn(page)),
            ("rows:/outcomes", "1"), ("content/outcomes/0/metric", "作业效率"))).Content.ReadAsStringAsync();
        Assert.Contains("name=\"content/outcomes/1/metric\" value=\"\"", added);
        Assert.Contains("value=\"作业效率\"", added);
        Assert.Equal(version, await Applicants.VersionAsync(applicant.Api, id));
    }

    [Fact]
    public async Task A_draft_saved_over_a_colleagues_newer_save_is_refused_with_what_differs_and_the_colleagues_version_stays()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();
        var page = await pages.GetStringAsync(path);
        var colleague = await applicant.Api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{id}")
        {
            Content = JsonContent.Create(new { sectorCode = "industrial-internet", content = new { projectTitle = "同事的标题" } }),
            Headers = { { "If-Match", $"\"{await Applicants.VersionAsync(applicant.Api, id)}\"" } },
        });
        await Expect.StatusAsync(colleague, HttpStatusCode.OK);

        var refused = await (await PostAsync(pages, path, page, "application", ("form-action", "save"), ("version", VersionIn(page)),
            ("sectorCode", "industrial-internet"), ("content/projectTitle", "我的标题"))).Content.ReadAsStringAsync();

        Assert.Contains("同事已在您打开页面后保存了这份申报", refused);
        Assert.Contains("以下内容与您填写的不同：项目名称", refused);
        Assert.Contains("value=\"我的标题\"", refused);
        Assert.Equal("同事的标题", await ScalarAsync<string>($"SELECT \"Title\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));
    }

    [Fact]
    public async Task A_staged_decision_stays_hidden_on_the_page_and_its_outcome_shows_once_released()
    {
        var (admin, applicant, pages, id, path) = await DraftAsync();
        await Expect.StatusAsync(await Transitions.FireAsync(applicant.Api, id, "submit"), HttpStatusCode.OK);
        await Selection.RecommendAsync(Factory.CreateClient, admin, id);
        await Selection.MoveAsync(admin, id, "accept");
        await Selection.ReviewAsync(Factory.CreateClient, admin, id, score: 40);
        await Selection.MoveAsync(admin, id, "reject", "示范效应不足，未达到评审通过分数。");

        var staged = await pages.GetStringAsync(path);
        Assert.Contains("id=\"state\">综合评议</strong>", staged);
        Assert.DoesNotContain("不予入选", staged);
        Assert.DoesNotContain("示范效应不足", staged);
        Assert.DoesNotContain("待发布", await pages.GetStringAsync("/applicant"));

        await Selection.ReleaseAsync(admin, await Selection.CallOfAsync(admin, id));

        var released = await pages.GetStringAsync(path);
        Assert.Contains("id=\"state\">未入选</strong>", released);
        Assert.Contains("处理结果：未入选", released);
        Assert.Contains("<span id=\"decision-reason\">示范效应不足，未达到评审通过分数。</span>", released);
        Assert.DoesNotContain("fire-", released);
    }

    [Fact]
    public async Task Withdrawing_ends_the_application_only_when_confirmed()
    {
        var (_, _, pages, id, path) = await DraftAsync();
        var page = await pages.GetStringAsync(path);
        Assert.Contains("我确认要“撤回申报”，此操作不能撤销。", page);

        var unconfirmed = await (await PostAsync(pages, path, page, "fire-withdraw")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm-withdraw-error\">请勾选确认后再操作。</p>", unconfirmed);
        Assert.Equal("Draft", await ScalarAsync<string>($"SELECT \"State\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));

        var withdrawn = await (await PostAsync(pages, path, page, "fire-withdraw", ("confirm", "yes"))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"state\">已撤回</strong>", withdrawn);
        Assert.Equal("Withdrawn", await ScalarAsync<string>($"SELECT \"State\" FROM \"Applications\" WHERE \"Id\" = '{id}'"));
    }

    /// <summary>Posts one of the page's forms as a browser does: its handler, the antiforgery token, its hidden fields.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string page, string handler,
        params (string Name, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["_handler"] = handler, ["__RequestVerificationToken"] = TokenIn(page) };
        if (handler.StartsWith("fire-", StringComparison.Ordinal))
        {
            form["version"] = VersionIn(page);
            form["idempotencyKey"] = Guid.NewGuid().ToString();
        }
        foreach (var (name, value) in fields)
            form[name] = value;
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return response;
    }

    private static async Task<string> UploadAsync(HttpClient client, string path, string kind, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync(path);
        var form = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(TokenIn(page)), "__RequestVerificationToken" },
            { new StringContent(kind), "kind" },
            { new ByteArrayContent(content), "file", fileName },
        };
        var response = await client.PostAsync(path, form);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static string TokenIn(string html) => WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);

    private static string VersionIn(string html) => Version().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The page carries no version.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex Version();
}
