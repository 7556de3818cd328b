using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// The public notice pages and the objection form over plain HTTP, the way a browser without JavaScript uses them:
/// what they show, and that every refusal comes back as the form in Chinese with what was typed, storing nothing.
/// </summary>
public sealed partial class NoticePageTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Reason = "该企业公示的应用成效数据与实际运行情况明显不符，请主管部门予以核实。";

    private async Task<WorkflowScenario> OnNoticeAsync() => await WorkflowScenario.InPublicNoticeAsync(Factory, await AsAdminAsync());

    private async Task<Guid> NoticeIdAsync() =>
        (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/notices"))!.Single().GetProperty("id").GetGuid();

    private Task<long> ObjectionsAsync() => ScalarAsync<long>("SELECT count(*) FROM \"Objections\"");

    [Fact]
    public async Task The_notices_page_lists_open_notices_before_closed_ones_with_period_programme_and_entry_count()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var closedId = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO "Notices" ("Id", "CallId", "StartsAt", "EndsAt")
            VALUES ('{closedId}', '{s.CallId}', now() - interval '30 days', now() - interval '23 days')
            """);

        var html = await Anonymous().GetStringAsync("/notices");

        Assert.Contains("<h1>公示</h1>", html);
        var open = html.IndexOf($"href=\"/notices/{noticeId}\"", StringComparison.Ordinal);
        var closed = html.IndexOf($"href=\"/notices/{closedId}\"", StringComparison.Ordinal);
        Assert.True(open > 0 && closed > open, "The open notice is not listed before the closed one.");
        var openRow = html[open..closed];
        Assert.Contains("5G 示范应用标杆", openRow);
        Assert.Contains("正在公示，可提出异议", openRow);
        Assert.Matches(@"<td class=""number"">1</td>", openRow);
        Assert.Matches(@"<time datetime=""\d{4}-\d\d-\d\dT\d\d:\d\d(\+|&#x2B;)08:00"">", openRow);
        Assert.Contains("已结束", html[closed..]);
        // The layout's navigation leads here.
        Assert.Contains("<a href=\"/notices\">公示</a>", await Anonymous().GetStringAsync("/"));
    }

    [Fact]
    public async Task A_notice_shows_each_entry_with_its_sector_and_province_names_and_a_way_to_object_until_its_end()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();

        var html = await Anonymous().GetStringAsync($"/notices/{noticeId}");

        Assert.Contains("测试科技有限公司", html);
        Assert.Contains("广东省", html);
        Assert.Contains("工业互联网", html);
        Assert.Contains("异议受理截止", html);
        Assert.Contains($"href=\"/notices/{noticeId}/objections/new?entry={s.ApplicationId}\"", html);

        var english = Anonymous();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var inEnglish = await english.GetStringAsync($"/notices/{noticeId}");
        Assert.Contains("Guangdong", inEnglish);
        Assert.Contains("Objections are accepted until", inEnglish);
    }

    [Fact]
    public async Task A_closed_notice_stays_readable_says_it_is_closed_and_offers_no_form()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        await ExecuteAsync($"UPDATE \"Notices\" SET \"EndsAt\" = now() - interval '1 second' WHERE \"Id\" = '{noticeId}'");

        var html = await Anonymous().GetStringAsync($"/notices/{noticeId}");
        var form = await Anonymous().GetStringAsync($"/notices/{noticeId}/objections/new?entry={s.ApplicationId}");

        Assert.Contains("测试科技有限公司", html);
        Assert.Contains("本公示已结束，不再受理异议", html);
        Assert.DoesNotContain("/objections/new", html);
        Assert.Contains("本公示已结束，不再受理异议", form);
        Assert.DoesNotContain("<form", form.Replace("class=\"sign-out\"", ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_notice_is_a_404_page()
    {
        var response = await Anonymous().GetAsync($"/notices/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>未找到该页面</h1>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Refusals_come_back_in_Chinese_beside_their_fields_with_what_was_typed_and_nothing_is_stored()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var client = Anonymous();
        var before = await CountRowsAsync();

        var html = await PostAsync(client, noticeId, s.ApplicationId, contact: "随时打电话", reason: "数据不实", email: "王某的邮箱");

        Assert.Matches(@"<p class=""field-error"" id=""contact-error"">请填写有效的手机号码（11 位）或带区号的固定电话，例如 010-68208888。</p>", html);
        Assert.Matches(@"<p class=""field-error"" id=""email-error"">请填写有效的电子邮箱地址，例如 name@example.cn。</p>", html);
        Assert.Contains("value=\"王某的邮箱\"", html);
        Assert.Matches(@"id=""reason-error"">异议理由至少需要 20 个字，目前只有 4 个字。</p>", html);
        Assert.Contains("aria-describedby=\"reason-hint reason-error\"", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("value=\"随时打电话\"", html);
        Assert.Contains(">数据不实</textarea>", html);
        Assert.DoesNotContain("objectorName-error", html);

        html = await PostAsync(client, noticeId, Guid.NewGuid());
        Assert.Contains("id=\"entry-error\">", html);

        html = await PostAsync(client, noticeId, s.ApplicationId, evidence: ("程序.pdf", [0x4D, 0x5A, 0x90, 0x00]));
        Assert.Contains("id=\"evidence-error\">只接受 PDF、PNG、JPEG、DOCX 或 XLSX 文件", html);
        Assert.Contains("请重新选择", html);
        Assert.Contains($">{Reason}</textarea>", html);

        html = await PostAsync(client, noticeId, s.ApplicationId, evidence: ("大.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 20 * 1024 * 1024 + 1024))));
        Assert.Contains("id=\"evidence-error\">文件过大", html);

        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(0, await ObjectionsAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_stores_nothing()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();

        var response = await Anonymous().PostAsync($"/notices/{noticeId}/objections/new", Fields(s.ApplicationId, token: null, submission: Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await ObjectionsAsync());
    }

    [Fact]
    public async Task An_objection_gets_a_receipt_number_and_posting_the_same_form_again_gives_the_same_receipt_not_a_second_objection()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var client = Anonymous();
        var page = await client.GetStringAsync($"/notices/{noticeId}/objections/new?entry={s.ApplicationId}");
        var pdf = ("证据.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"));

        var first = await PostAsync(client, noticeId, s.ApplicationId, evidence: pdf, page: page);
        var again = await PostAsync(client, noticeId, s.ApplicationId, evidence: pdf, page: page);

        var number = ReceiptNumber().Match(first);
        Assert.True(number.Success, "The code page shows no receipt number.");
        Assert.Contains("<h1>输入确认码</h1>", first);
        Assert.Contains("确认码已发送至 o***@example.cn", first);
        Assert.Contains(number.Value, again);
        Assert.Equal(1, await ObjectionsAsync());
        Assert.Equal(number.Groups[1].Value, await ScalarAsync<string>("SELECT \"ReceiptNumber\" FROM \"Objections\""));
        Assert.Equal("证据.pdf", await ScalarAsync<string>("SELECT \"EvidenceFileName\" FROM \"Objections\""));
        var id = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"Objections\"");
        var confirmed = await PostCodeAsync(client, noticeId, id, await Objections.CodeAsync(Fixture.ConnectionString, id));
        Assert.Contains("<h1>异议已确认</h1>", confirmed);
        Assert.Contains(number.Value, confirmed);
        Assert.Contains("后续处理", confirmed);
        Assert.Equal("Open", await ScalarAsync<string>("SELECT \"Status\" FROM \"Objections\""));

        // A fresh form is a fresh objection.
        await PostAsync(client, noticeId, s.ApplicationId);
        Assert.Equal(2, await ObjectionsAsync());
    }

    [Fact]
    public async Task An_objection_to_a_notice_that_closed_while_the_form_was_open_is_refused_with_the_notice_closed()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var client = Anonymous();
        var page = await client.GetStringAsync($"/notices/{noticeId}/objections/new?entry={s.ApplicationId}");
        await ExecuteAsync($"UPDATE \"Notices\" SET \"EndsAt\" = now() - interval '1 second' WHERE \"Id\" = '{noticeId}'");

        var html = await PostAsync(client, noticeId, s.ApplicationId, page: page);

        Assert.Contains("本公示已结束，不再受理异议", html);
        Assert.Equal(0, await ObjectionsAsync());
    }

    [Fact]
    public async Task The_page_and_the_API_share_one_objection_allowance_and_the_pages_refusal_keeps_what_was_typed()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-prl-{Guid.NewGuid():N}"));
        settings["RateLimiting:Objections:PermitLimit"] = "2";
        await using var limited = new ApiFactory(settings);
        var client = limited.CreateClient();

        await Expect.StatusAsync(await client.PostAsync($"/api/notices/{noticeId}/objections", new MultipartFormDataContent
        {
            { new StringContent(s.ApplicationId.ToString()), "entry" }, { new StringContent("王某"), "objectorName" },
            { new StringContent(Objections.Email), "email" }, { new StringContent(Reason), "reason" },
        }), HttpStatusCode.Created);
        Assert.Contains("输入确认码", await PostAsync(client, noticeId, s.ApplicationId));
        var refused = await PostAsync(client, noticeId, s.ApplicationId);

        Assert.Contains("提交异议过于频繁", refused);
        Assert.Contains($">{Reason}</textarea>", refused);
        Assert.Equal(2, await ObjectionsAsync());
        await Expect.ProblemAsync(await client.PostAsync($"/api/notices/{noticeId}/objections", new MultipartFormDataContent()), 429, "too-many-requests");
    }

    [Fact]
    public async Task The_code_page_says_each_refusal_beside_the_code_in_Chinese_and_in_English_without_JavaScript()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var client = Anonymous();
        await PostAsync(client, noticeId, s.ApplicationId);
        var id = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"Objections\"");
        var code = await Objections.CodeAsync(Fixture.ConnectionString, id);
        var wrong = code == "000000" ? "111111" : "000000";

        Assert.Matches(@"id=""code-error"">请填写邮件中的 6 位数字确认码。</p>", await PostCodeAsync(client, noticeId, id, "12"));
        Assert.Matches(@"id=""code-error"">确认码不正确，还可以再试 4 次。</p>", await PostCodeAsync(client, noticeId, id, wrong));
        var english = Anonymous();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        Assert.Contains("id=\"code-error\">That code is not right; 3 more attempts.</p>", await PostCodeAsync(english, noticeId, id, wrong));
        await ExecuteAsync($"UPDATE \"Objections\" SET \"ConfirmationExpiresAt\" = now() - interval '1 second' WHERE \"Id\" = '{id}'");
        var expired = await PostCodeAsync(client, noticeId, id, code);
        Assert.Contains("id=\"code-error\">确认码已过期", expired);
        Assert.Contains($"href=\"/notices/{noticeId}/objections/new?entry={s.ApplicationId}\"", expired);
        await ExecuteAsync($"UPDATE \"Objections\" SET \"ConfirmationExpiresAt\" = now() + interval '1 hour', \"ConfirmationAttempts\" = 5 WHERE \"Id\" = '{id}'");
        Assert.Contains("id=\"code-error\">错误次数过多", await PostCodeAsync(client, noticeId, id, code));
        Assert.Equal("Unconfirmed", await ScalarAsync<string>("SELECT \"Status\" FROM \"Objections\""));
    }

    [Fact]
    public async Task An_objection_from_the_English_page_is_emailed_in_English_and_the_address_limit_is_said_beside_the_email()
    {
        var s = await OnNoticeAsync();
        var noticeId = await NoticeIdAsync();
        var english = Anonymous();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        for (var i = 0; i < 3; i++)
            Assert.Contains("<h1>Enter the code</h1>", await PostAsync(english, noticeId, s.ApplicationId));
        var refused = await PostAsync(english, noticeId, s.ApplicationId);

        Assert.Equal(3, await ObjectionsAsync());
        Assert.Equal(3, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" WHERE \"Language\" = 'en' AND \"Subject\" LIKE 'YangFan: your objection''s code%'"));
        Assert.Contains("id=\"email-error\">This e-mail address already holds 3 objections to this notice", refused);
        Assert.Contains("value=\"objector@example.cn\"", refused);
    }

    /// <summary>Fills and posts the objection form as a browser does (the page first, for its antiforgery token and form id).</summary>
    private static async Task<string> PostAsync(HttpClient client, Guid noticeId, Guid entry, string contact = "13900139000",
        string reason = Reason, (string Name, byte[] Content)? evidence = null, string? page = null, string email = Objections.Email)
    {
        page ??= await client.GetStringAsync($"/notices/{noticeId}/objections/new?entry={entry}");
        var fields = Fields(entry, TokenIn(page), SubmissionIn(page), contact, reason, email);
        if (evidence is { } file)
            fields.Add(new ByteArrayContent(file.Content), "evidence", file.Name);
        var response = await client.PostAsync($"/notices/{noticeId}/objections/new?entry={entry}", fields);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Types the code on the objection's code page and posts it as a browser does; the page that answers.</summary>
    private static async Task<string> PostCodeAsync(HttpClient client, Guid noticeId, Guid objectionId, string code)
    {
        var address = $"/notices/{noticeId}/objections/{objectionId}/confirm";
        var page = await client.GetStringAsync(address);
        var response = await client.PostAsync(address, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "objection-code", ["Form.Code"] = code, ["__RequestVerificationToken"] = TokenIn(page),
        }));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static MultipartFormDataContent Fields(Guid entry, string? token, string submission, string contact = "13900139000", string reason = Reason,
        string email = Objections.Email)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("objection"), "_handler" },
            { new StringContent(entry.ToString()), "Form.Entry" },
            { new StringContent("王某"), "Form.ObjectorName" },
            { new StringContent(email), "Form.Email" },
            { new StringContent(contact), "Form.Contact" },
            { new StringContent(reason), "Form.Reason" },
            { new StringContent(submission), "Form.SubmissionId" },
        };
        if (token is not null)
            form.Add(new StringContent(token), "__RequestVerificationToken");
        return form;
    }

    private static string TokenIn(string html) => WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);

    private static string SubmissionIn(string html) => SubmissionId().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The form has no submission id.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"Form.SubmissionId\"[^>]* value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SubmissionId();

    [GeneratedRegex("id=\"receipt-number\">(YF\\d{6}-[2-9A-HJKMNP-Z]{6})<")]
    private static partial Regex ReceiptNumber();
}
