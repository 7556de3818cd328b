using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Input;

/// <summary>
/// Input a bad-input battery and an OpenAPI fuzzer sent: every one is a 4xx problem that changes no rows, never a
/// 500. The comments give a curl line that reproduces each against a running API.
/// </summary>
public sealed class BadInputTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static HttpContent Raw(string contentType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static HttpContent Raw(string contentType, string body) => Raw(contentType, Encoding.UTF8.GetBytes(body));

    private static HttpContent Json(string body) => Raw("application/json", body);

    private static HttpContent Json(byte[] body) => Raw("application/json", body);

    private const string Boundary = "b0undary";

    // curl -X POST localhost:8080/api/notices/$ID/objections -H 'Content-Type: multipart/form-data; boundary=b0undary' \
    //   --data-binary $'--b0undary\r\nContent-Disposition: form-data; name="entry"\r\n\r\nx'
    public static TheoryData<string, string> MalformedMultipart => new()
    {
        { "truncated", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"entry\"\r\n\r\nabc" },
        { "no header end", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"entry\"" },
        { "CR LF inside a part header", $"--{Boundary}\r\nContent-Disposition: form-data; na\r\nme=\"entry\"\r\n\r\nabc\r\n--{Boundary}--\r\n" },
        { "a header line without a colon", $"--{Boundary}\r\nContent-Disposition form-data\r\n\r\nabc\r\n--{Boundary}--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task A_malformed_multipart_objection_is_a_400_problem(string _, string body)
    {
        var before = await CountRowsAsync();

        var response = await Anonymous().PostAsync($"/api/notices/{Guid.NewGuid()}/objections",
            Raw($"multipart/form-data; boundary={Boundary}", body));

        await Expect.ProblemAsync(response, 400, "bad-request");
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task A_malformed_multipart_attachment_upload_is_a_400_problem(string _, string body)
    {
        var admin = await AsAdminAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, await WorkflowBuilder.OpenCallAsync(admin, "security-centre"), "security-centre");
        var before = await CountRowsAsync();

        var response = await applicant.PostAsync($"/api/applications/{id}/attachments", Raw($"multipart/form-data; boundary={Boundary}", body));

        await Expect.ProblemAsync(response, 400, "bad-request");
        Assert.Equal(before, await CountRowsAsync());
    }

    // curl -X POST localhost:8080/api/notices/$ID/objections -d 'entry=…&objectorName=…&contact=…&reason=…'
    [Fact]
    public async Task An_objection_sent_as_form_urlencoded_is_a_415_problem()
    {
        var response = await Anonymous().PostAsync($"/api/notices/{Guid.NewGuid()}/objections", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["entry"] = Guid.NewGuid().ToString(), ["objectorName"] = "王某", ["contact"] = "13900139000",
            ["reason"] = "该企业申报材料中的部分应用成效数据与实际运行情况不符，请予核实。",
        }));

        await Expect.ProblemAsync(response, 415, "unsupported-media-type");
    }

    // curl -X POST localhost:8080/api/applications/$ID/transitions -H 'If-Match: "1"' -H 'Content-Type: application/json' \
    //   -d '{"trigger":"submit","Trigger":"withdraw"}'
    [Theory]
    [InlineData("""{"trigger":"submit","trigger":"withdraw"}""")]
    [InlineData("""{"trigger":"submit","Trigger":"withdraw"}""")]
    [InlineData("""{"trigger":"submit","data":{"a":1,"a":2}}""")]
    public async Task A_JSON_body_with_a_duplicate_member_is_refused_instead_of_the_last_one_winning(string body)
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, "security-centre");
        var before = await CountRowsAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{s.ApplicationId}/transitions") { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var problem = await Expect.ProblemAsync(await s.Applicant.SendAsync(request), 400, "malformed-json");

        Assert.Contains("uplicate", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("FireTransition", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Application_content_with_a_duplicate_member_or_one_in_another_letter_case_is_refused()
    {
        var admin = await AsAdminAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var before = await CountRowsAsync();

        // Member names are the form's, letter case included: another case is another, unknown, member.
        var otherCase = await applicant.PostAsync($"/api/calls/{callId}/applications",
            Json("""{"content":{"centreName":"甲中心","CentreName":"乙中心"}}"""));
        var twice = await applicant.PostAsync($"/api/calls/{callId}/applications",
            Json("""{"content":{"centreName":"甲中心","laboratories":[{"name":"甲","name":"乙"}]}}"""));

        Assert.Contains("/content/CentreName", Expect.ErrorFields(await Expect.ProblemAsync(otherCase, 400, "validation")));
        // A member given twice is refused as the body is read, before the form sees it.
        Assert.Contains("Duplicate member", (await Expect.ProblemAsync(twice, 400, "malformed-json")).GetProperty("detail").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    // curl -X POST localhost:8080/api/calls -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    //   -d '{"programmeKey":"x-programme","workflowKey":"security-centre",…}'
    [Fact]
    public async Task A_call_for_a_programme_without_an_application_form_is_a_400_problem()
    {
        var admin = await AsAdminAsync();
        await ExecuteAsync("""
            INSERT INTO "Programmes" ("Key", "NameZh", "NameEn", "TargetScope", "MinTarget", "MaxTarget", "Description", "SortOrder")
            VALUES ('formless-programme', '无表单', 'No form', 'Programme', NULL, NULL, 'A programme nobody wrote a form for.', 99)
            """);
        var before = await CountRowsAsync();

        var response = await admin.PostAsJsonAsync("/api/calls", CallBody("formless-programme", workflowKey: "security-centre"));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Equal(["programmeKey"], Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData("no-such-programme", null, "programmeKey")]
    [InlineData("security-centre", "no-such-workflow", "workflowKey")]
    public async Task A_call_for_an_unknown_programme_or_workflow_is_a_400_problem(string programme, string? workflowKey, string field)
    {
        var admin = await AsAdminAsync();

        var problem = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", CallBody(programme, workflowKey: workflowKey)), 400, "validation");

        Assert.Equal([field], Expect.ErrorFields(problem));
    }

    private static object CallBody(string programme = "security-centre", string offset = "Z", string? workflowKey = null)
    {
        var opens = DateTimeOffset.UtcNow.AddDays(-1);
        var closes = DateTimeOffset.UtcNow.AddDays(20);
        string At(DateTimeOffset t) => offset == "Z" ? t.ToString("yyyy-MM-ddTHH:mm:ssZ") : t.ToOffset(TimeSpan.Parse(offset.TrimStart('+'))).ToString("yyyy-MM-ddTHH:mm:sszzz");
        return new
        {
            programmeKey = programme, year = 2026, batch = 2, titleZh = "2026 年第二批", titleEn = "2026 second batch",
            opensAt = At(opens), closesAt = At(closes), recommenderQuota = 2, workflowKey,
        };
    }

    // curl -X POST localhost:8080/api/calls -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    //   -d '{"programmeKey":"security-centre","year":2026,"batch":2,"titleZh":"x","titleEn":"x",
    //        "opensAt":"2026-12-01T09:00:00+08:00","closesAt":"2026-12-31T17:00:00+08:00"}'
    [Fact]
    public async Task A_call_is_created_and_changed_with_dates_at_a_plus_eight_hours_offset_and_stored_as_the_same_instant_in_UTC()
    {
        var admin = await AsAdminAsync();
        var opens = DateTimeOffset.Parse("2026-12-01T09:00:00+08:00");

        var created = await admin.PostAsync("/api/calls", Json($$"""
            {"programmeKey":"security-centre","year":2026,"batch":2,"titleZh":"x","titleEn":"x",
             "opensAt":"2026-12-01T09:00:00+08:00","closesAt":"2026-12-31T17:00:00+08:00"}
            """));
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var call = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = call.GetProperty("id").GetGuid();
        Assert.Equal(opens, call.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(opens.UtcDateTime, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}")).GetProperty("opensAt").GetDateTimeOffset().UtcDateTime);

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{id}") { Content = Json("""
            {"programmeKey":"security-centre","year":2026,"batch":2,"titleZh":"x","titleEn":"x",
             "opensAt":"2026-12-02T09:00:00+08:00","closesAt":"2027-01-31T17:00:00-05:00"}
            """) };
        edit.Headers.IfMatch.Add((await admin.GetAsync($"/api/calls/{id}")).Headers.ETag!);
        await Expect.StatusAsync(await admin.SendAsync(edit), HttpStatusCode.OK);
        var changed = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
        Assert.Equal(DateTimeOffset.Parse("2027-01-31T22:00:00Z"), changed.GetProperty("closesAt").GetDateTimeOffset());
    }

    // curl "localhost:8080/api/audit?from=2026-01-01T00:00:00%2B08:00" -H "Authorization: Bearer $ADMIN"
    // curl "localhost:8080/api/me/notifications?before=2099-01-01T00:00:00%2B08:00" -H "Authorization: Bearer $TOKEN"
    [Fact]
    public async Task The_audit_and_notification_date_filters_accept_any_offset()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, "security-centre");
        await s.MoveAsync(s.Applicant, "submit");
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-ddTHH:mm:sszzz"));

        var audit = await admin.GetAsync($"/api/audit?from={from}&to={to}");
        await Expect.StatusAsync(audit, HttpStatusCode.OK);
        Assert.NotEqual(0, (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());

        var notifications = await s.Recommender.GetAsync($"/api/me/notifications?before={Uri.EscapeDataString("2099-01-01T00:00:00+08:00")}");
        await Expect.StatusAsync(notifications, HttpStatusCode.OK);
        Assert.NotEmpty((await notifications.Content.ReadFromJsonAsync<JsonElement[]>())!);
    }

    // curl -X POST localhost:8080/api/auth/register -H 'Content-Type: application/json' -d '{"email":"a\u0000@b.cn",…}'
    [Fact]
    public async Task A_NUL_character_in_a_registration_is_a_400_naming_the_member()
    {
        var before = await CountRowsAsync();
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var body = JsonSerializer.Serialize(Calls.Registration("nul@example.cn"), relaxed).Replace("测试科技有限公司", "测试\\u0000科技");

        var problem = await Expect.ProblemAsync(await Anonymous().PostAsync("/api/auth/register", Json(body)), 400, "malformed-json");

        Assert.Equal(["$.organisation.name"], Expect.ErrorFields(problem));
        Assert.Equal(before, await CountRowsAsync());
    }

    // curl -X POST localhost:8080/api/auth/token -H 'Content-Type: application/json' -d '{"email":"a\u0000@b.cn","password":"x"}'
    [Fact]
    public async Task A_NUL_character_in_a_sign_in_email_is_a_400()
    {
        var response = await Anonymous().PostAsync("/api/auth/token", Json("""{"email":"admin\u0000@tests.yangfan.cn","password":"x"}"""));

        await Expect.ProblemAsync(response, 400, "malformed-json");
    }

    [Fact]
    public async Task A_NUL_character_anywhere_in_application_content_or_transition_data_is_a_400()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, "security-centre");
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await s.Applicant.PostAsync($"/api/calls/{s.CallId}/applications",
            Json("""{"content":{"laboratories":[{"name":"实验\u0000室"}]}}""")), 400, "malformed-json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{s.ApplicationId}/transitions")
        {
            Content = Json("""{"trigger":"submit","data":{"note":"a\u0000b"}}"""),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Expect.ProblemAsync(await s.Applicant.SendAsync(request), 400, "malformed-json");
        Assert.Equal(before, await CountRowsAsync());
    }

    // curl -X POST localhost:8080/api/notices/$ID/objections -F entry=$ENTRY -F $'objectorName=王\x00某' -F email=objector@example.cn -F contact=13900139000 -F reason=…
    [Fact]
    public async Task A_NUL_character_in_an_objection_field_is_a_400_naming_the_field()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(Guid.NewGuid().ToString()), "entry" },
            { new StringContent("王\0某"), "objectorName" },
            { new StringContent("objector@example.cn"), "email" },
            { new StringContent("13900139000"), "contact" },
            { new StringContent("该企业申报材料中的部分应用成效数据与实际运行情况不符，请予核实。"), "reason" },
        };

        var problem = await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{Guid.NewGuid()}/objections", form), 400, "validation");

        Assert.Equal(["objectorName"], Expect.ErrorFields(problem));
    }

    // curl "localhost:8080/api/users?search=a%00b" -H "Authorization: Bearer $ADMIN"
    [Theory]
    [InlineData("/api/calls?programme=a%00b", "programme")]
    [InlineData("/api/users?search=a%00b", "search")]
    [InlineData("/api/audit?action=a%00b", "action")]
    [InlineData("/api/experts?sector=a%00b", "sector")]
    [InlineData("/api/applications?state=a%00b", "state")]
    [InlineData("/api/directories/00000000-0000-0000-0000-000000000001?keyword=a%00b", "keyword")]
    public async Task A_NUL_character_in_a_query_filter_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var admin = await AsAdminAsync();

        var problem = await Expect.ProblemAsync(await admin.GetAsync(url), 400, "validation");

        Assert.Equal([parameter], Expect.ErrorFields(problem));
    }

    [Fact]
    public async Task Invalid_UTF8_inside_application_content_is_a_400()
    {
        var admin = await AsAdminAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var callId = await WorkflowBuilder.OpenCallAsync(admin, "security-centre");
        var before = await CountRowsAsync();
        byte[] body = [.. """{"content":{"centreName":"a"""u8, 0xFF, 0xFE, .. "\"}}"u8];

        await Expect.ProblemAsync(await applicant.PostAsync($"/api/calls/{callId}/applications", Json(body)), 400, "malformed-json");
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Invalid_UTF8_inside_an_uploaded_workflow_definition_is_a_400()
    {
        var admin = await AsAdminAsync();
        var before = await CountRowsAsync();
        var definition = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "workflows", "security-centre.json"));
        var title = Encoding.UTF8.GetBytes("遴选流程");
        var at = definition.AsSpan().IndexOf(title);
        definition[at] = 0xFF;

        await Expect.ProblemAsync(await admin.PostAsync("/api/workflows/security-centre/versions", Json(definition)), 400, "malformed-json");
        Assert.Equal(before, await CountRowsAsync());
    }

    // curl -X PUT localhost:8080/api/experts/$ID -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{}'
    [Fact]
    public async Task An_expert_profile_without_sectors_is_a_400_naming_them()
    {
        var admin = await AsAdminAsync();
        var expert = await Reviews.ReviewScenario.ExpertAsync(Factory, admin);

        var problem = await Expect.ProblemAsync(await admin.PutAsync($"/api/experts/{expert.Id}", Json("{}")), 400, "validation");

        Assert.Contains("sectors", Expect.ErrorFields(problem));
        Assert.Contains("affiliationCreditCode", Expect.ErrorFields(problem));
    }

    // curl -X PUT localhost:8080/api/assignments/$ID/review -H 'Idempotency-Key: 键' …
    [Fact]
    public async Task A_non_ASCII_Idempotency_Key_is_refused_on_reviews_as_on_transitions()
    {
        var admin = await AsAdminAsync();
        var s = await Reviews.ReviewScenario.InReviewAsync(Factory, admin);
        var expert = await Reviews.ReviewScenario.ExpertAsync(Factory, admin);
        var assignment = await Reviews.ReviewScenario.AssignAsync(admin, s.ApplicationId, expert.Id);
        await Reviews.ReviewScenario.ConfirmAsync(expert.Client, assignment);
        var before = await CountRowsAsync();

        var review = await Reviews.ReviewScenario.ReviewAsync(expert.Client, assignment, Reviews.ReviewScenario.Scores(), idempotencyKey: "评审-1");
        var transition = await Transitions.FireAsync(s.Applicant, s.ApplicationId, "withdraw", idempotencyKey: "撤回-1");

        foreach (var response in new[] { review, transition })
            Assert.Equal(["Idempotency-Key"], Expect.ErrorFields(await Expect.ProblemAsync(response, 400, "validation")));
        Assert.Equal(before, await CountRowsAsync());
    }

    // curl -X POST localhost:8080/api/calls/$DRAFT/decisions/release -H "Authorization: Bearer $ADMIN"
    [Fact]
    public async Task Releasing_the_decisions_of_a_draft_call_is_a_409_problem()
    {
        var admin = await AsAdminAsync();
        var created = await admin.PostAsJsonAsync("/api/calls", CallBody());
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await admin.PostAsync($"/api/calls/{id}/decisions/release", null), 409, "conflict");
        Assert.Equal(before, await CountRowsAsync());
    }
}
