using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

public sealed partial class NoticeTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Reason = Objections.Reason;

    /// <summary>Two applications of one call on a released public notice.</summary>
    private async Task<(Guid NoticeId, Guid First, Guid Second, HttpClient Admin)> OnNoticeAsync()
    {
        var admin = await AsAdminAsync();
        var s = await Reviews.ReviewScenario.InReviewAsync(Factory, admin);
        var other = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var second = await WorkflowBuilder.CreateApplicationAsync(other, s.CallId);
        await Expect.StatusAsync(await Transitions.FireAsync(other, second, "submit"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(s.Recommender, second, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, second, "accept"), HttpStatusCode.OK);
        var experts = await WorkflowBuilder.CreateExpertsAsync(admin, 3);
        foreach (var id in new[] { s.ApplicationId, second })
        {
            await WorkflowBuilder.SubmitReviewsAsync(Factory, id, experts);
            await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "shortlist"), HttpStatusCode.OK);
        }
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{s.CallId}/decisions/release", null), HttpStatusCode.OK);
        var notices = await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/notices");
        return (notices!.Single().GetProperty("id").GetGuid(), s.ApplicationId, second, admin);
    }

    private static MultipartFormDataContent Objection(Guid entry, string email = Objections.Email, string? contact = "13900139000",
        string reason = Reason, byte[]? evidence = null) => Objections.Form(entry, email, contact, reason, evidence);

    /// <summary>Submits the objection and confirms it with the code from its e-mail: an open objection.</summary>
    private Task<Guid> FileAsync(Guid noticeId, MultipartFormDataContent form) => Objections.FileAsync(Anonymous(), Fixture.ConnectionString, noticeId, form);

    private Task<HttpResponseMessage> ConfirmWithAsync(Guid noticeId, Guid objectionId, string code) =>
        Anonymous().PostAsJsonAsync($"/api/notices/{noticeId}/objections/{objectionId}/confirmation", new { code });

    private ApiFactory Later(double days)
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-notice-{Guid.NewGuid():N}"));
        return new ApiFactory(settings, time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(days)));
    }

    private async Task<string> StateAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString()!;

    [Fact]
    public async Task A_release_opens_a_public_notice_that_anyone_can_read()
    {
        var (noticeId, first, second, _) = await OnNoticeAsync();

        var notice = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/notices/{noticeId}");

        Assert.True(notice.GetProperty("open").GetBoolean());
        Assert.Equal(7, (notice.GetProperty("endsAt").GetDateTimeOffset() - notice.GetProperty("startsAt").GetDateTimeOffset()).TotalDays, 3);
        var entries = notice.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(new[] { first, second }.Order(), entries.Select(e => e.GetProperty("applicationId").GetGuid()).Order());
        Assert.All(entries, e => Assert.Equal("测试科技有限公司", e.GetProperty("organisationName").GetString()));
        Assert.All(entries, e => Assert.Equal("44", e.GetProperty("provinceCode").GetString()));
    }

    [Fact]
    public async Task When_the_notice_ends_entries_without_objections_are_approved_and_one_with_an_open_objection_waits()
    {
        var (noticeId, first, second, admin) = await OnNoticeAsync();
        await FileAsync(noticeId, Objection(first));

        await using (var later = Later(7.1))
            await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal("PublicNotice", await StateAsync(admin, first));
        Assert.Equal("Approved", await StateAsync(admin, second));

        var objection = (await admin.GetFromJsonAsync<JsonElement[]>("/api/objections?status=Open"))!.Single();
        Assert.Equal(Reason, objection.GetProperty("reason").GetString());
        // The notice has ended (as the waiting entry's timer already found); dismissing its last objection moves it on.
        await ExecuteAsync($"UPDATE \"Notices\" SET \"EndsAt\" = now() - interval '1 second' WHERE \"Id\" = '{noticeId}'");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/objections/{objection.GetProperty("id").GetGuid()}/resolve",
            new { outcome = "Dismissed", reason = "经核实，成效数据有第三方检测报告支撑。" }), HttpStatusCode.OK);
        Assert.Equal("Approved", await StateAsync(admin, first));
    }

    [Fact]
    public async Task A_sustained_objection_rejects_the_application_and_releases_its_slot()
    {
        var (noticeId, first, _, admin) = await OnNoticeAsync();
        await FileAsync(noticeId, Objection(first, contact: null));
        var objection = (await admin.GetFromJsonAsync<JsonElement[]>("/api/objections"))!.Single();

        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/objections/{objection.GetProperty("id").GetGuid()}/resolve",
            new { outcome = "Sustained", reason = "经核实，申报数据存在虚报。" }), HttpStatusCode.OK);

        Assert.Equal("Rejected", await StateAsync(admin, first));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"Applications\" WHERE \"State\" = 'PublicNotice'"));
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/objections/{objection.GetProperty("id").GetGuid()}/resolve",
            new { outcome = "Dismissed", reason = "再次处理同一异议，应当被拒绝。" }), 409, "conflict");
    }

    [Fact]
    public async Task Objections_are_checked_never_public_and_refused_after_the_notice_closes()
    {
        var (noticeId, first, _, admin) = await OnNoticeAsync();
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(first, contact: "call me")), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(first, reason: "不服")), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(first, email: "")), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(first, email: "王某@")), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(Guid.NewGuid())), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections",
            Objection(first, evidence: [0x4D, 0x5A, 0x90, 0x00])), 415, "unsupported-media-type");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections",
            Objection(first, evidence: Intake.AttachmentTests.DocxWithZeros(60L * 1024 * 1024))), 413, "payload-too-large");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{Guid.NewGuid()}/objections", Objection(first)), 404, "not-found");
        Assert.Equal(before, await CountRowsAsync());

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");
        await FileAsync(noticeId, Objection(first, evidence: pdf));
        Assert.DoesNotContain(Reason, await Anonymous().GetStringAsync($"/api/notices/{noticeId}"));
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/objections"), 401, "unauthenticated");

        await ExecuteAsync($"UPDATE \"Notices\" SET \"EndsAt\" = now() - interval '1 second' WHERE \"Id\" = '{noticeId}'");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(first)), 409, "conflict");
    }

    [Fact]
    public async Task Only_administrators_read_an_objections_evidence_and_each_reading_is_audited()
    {
        var (noticeId, first, second, admin) = await OnNoticeAsync();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n证据\n%%EOF\n");
        var id = await FileAsync(noticeId, Objection(first, evidence: pdf));
        var bare = await FileAsync(noticeId, Objection(second));

        var download = await admin.GetAsync($"/api/objections/{id}/evidence");

        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'objection.evidence-read' AND \"EntityId\" = '{id}'"));
        await Expect.ProblemAsync(await admin.GetAsync($"/api/objections/{bare}/evidence"), 404, "not-found");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/objections/{Guid.NewGuid()}/evidence"), 404, "not-found");
        await Expect.ProblemAsync(await Anonymous().GetAsync($"/api/objections/{id}/evidence"), 401, "unauthenticated");
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.ProblemAsync(await applicant.GetAsync($"/api/objections/{id}/evidence"), 403, "forbidden");
    }

    [Fact]
    public async Task A_receipt_carries_a_readable_number_and_the_same_submission_sent_again_is_one_objection()
    {
        var (noticeId, first, second, _) = await OnNoticeAsync();
        var submission = Guid.NewGuid();
        MultipartFormDataContent Once(Guid entry)
        {
            var form = Objection(entry);
            form.Add(new StringContent(submission.ToString()), "submissionId");
            return form;
        }

        var sent = await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Once(first));
        var again = await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Once(first));

        await Expect.StatusAsync(sent, HttpStatusCode.Created);
        var receipt = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^YF\\d{6}-[2-9A-HJKMNP-Z]{6}$", receipt.GetProperty("receiptNumber").GetString());
        Assert.Equal(submission, receipt.GetProperty("objectionId").GetGuid());
        Assert.Equal(receipt.GetProperty("receiptNumber").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptNumber").GetString());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"Objections\""));
        Assert.False(receipt.GetProperty("confirmed").GetBoolean());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" WHERE \"Template\" = 'ObjectionCode'"));
        // The same id for another entry is refused, not taken for the first objection.
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Once(second)), 400, "validation");
    }

    [Fact]
    public async Task Objections_are_rate_limited_per_client_address()
    {
        var (noticeId, first, _, _) = await OnNoticeAsync();
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-orl-{Guid.NewGuid():N}"));
        settings["RateLimiting:Objections:PermitLimit"] = "2";
        await using var limited = new ApiFactory(settings);
        var client = limited.CreateClient();

        for (var i = 0; i < 2; i++)
            await Expect.StatusAsync(await client.PostAsync($"/api/notices/{noticeId}/objections", Objection(first)), HttpStatusCode.Created);
        var refused = await client.PostAsync($"/api/notices/{noticeId}/objections", Objection(first));

        await Expect.ProblemAsync(refused, 429, "too-many-requests");
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task The_objection_limit_holds_across_two_processes_on_one_database()
    {
        var (noticeId, first, _, _) = await OnNoticeAsync();
        await using var a = Auth.SharedRateLimitTests.Replica(Fixture, "Objections", permits: 2);
        await using var b = Auth.SharedRateLimitTests.Replica(Fixture, "Objections", permits: 2);
        Task<HttpResponseMessage> Send(ApiFactory host) => host.CreateClient().PostAsync($"/api/notices/{noticeId}/objections", Objection(first));

        // One on each: with a count per process, each would still have one left.
        await Expect.StatusAsync(await Send(a), HttpStatusCode.Created);
        await Expect.StatusAsync(await Send(b), HttpStatusCode.Created);

        await Expect.ProblemAsync(await Send(a), 429, "too-many-requests");
        await Expect.ProblemAsync(await Send(b), 429, "too-many-requests");
    }

    [Fact]
    public async Task Administrators_list_notices_by_call_and_status_with_entry_and_open_objection_counts()
    {
        var (noticeId, first, _, admin) = await OnNoticeAsync();
        var callId = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/notices/{noticeId}")).GetProperty("callId").GetGuid();
        await FileAsync(noticeId, Objection(first));

        var open = await admin.GetFromJsonAsync<JsonElement>($"/api/notice-summaries?callId={callId}&status=open");
        var row = Assert.Single(open.GetProperty("items").EnumerateArray());
        Assert.Equal(noticeId, row.GetProperty("id").GetGuid());
        Assert.Equal(2, row.GetProperty("entryCount").GetInt32());
        Assert.Equal(1, row.GetProperty("openObjections").GetInt32());
        Assert.True(row.GetProperty("open").GetBoolean());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/notice-summaries?callId={callId}&status=closed")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/notice-summaries?callId={Guid.NewGuid()}")).GetProperty("total").GetInt32());

        var objection = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/objections?noticeId={noticeId}"))!.Single().GetProperty("id").GetGuid();
        var resolved = await admin.PostAsJsonAsync($"/api/objections/{objection}/resolve", new { outcome = "Dismissed", reason = "经核实，申报数据与实际一致。" });
        await Expect.StatusAsync(resolved, HttpStatusCode.OK);
        var resolver = (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resolvedByName").GetString();
        Assert.False(string.IsNullOrEmpty(resolver));
        var listed = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/objections?noticeId={noticeId}"))!.Single();
        Assert.Equal(resolver, listed.GetProperty("resolvedByName").GetString());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/notice-summaries?callId={callId}")).GetProperty("items")[0].GetProperty("openObjections").GetInt32());

        await ExecuteAsync($"UPDATE \"Notices\" SET \"EndsAt\" = now() - interval '1 second' WHERE \"Id\" = '{noticeId}'");
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/notice-summaries?callId={callId}&status=closed")).GetProperty("total").GetInt32());
        await Expect.ProblemAsync(await admin.GetAsync("/api/notice-summaries?status=pending"), 400, "validation");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/notice-summaries"), 401, "unauthenticated");
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/notice-summaries"), 403, "forbidden");
    }
}
