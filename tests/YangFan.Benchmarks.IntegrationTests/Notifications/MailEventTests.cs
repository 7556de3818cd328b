using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Notifications;

/// <summary>
/// Which events write which e-mails to whom, in the recipient's language, with the transaction that made them, and
/// skipping the optional ones a recipient turned off.
/// </summary>
public sealed class MailEventTests(ApiFixture fixture) : ApiTest(fixture)
{
    private sealed record Mail(string Recipient, string Language, string Subject, string Body);

    private async Task<List<Mail>> MailsAsync(string @event)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Recipient\", \"Language\", \"Subject\", \"Body\" FROM \"OutgoingEmails\" WHERE \"Event\" = @e ORDER BY \"Recipient\"", connection);
        command.Parameters.AddWithValue("e", @event);
        var mails = new List<Mail>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            mails.Add(new Mail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return mails;
    }

    /// <summary>A moment as Beijing time, the way the e-mails write it.</summary>
    private Task<string?> BeijingAsync(string sql) =>
        ScalarAsync<string>($"SELECT to_char(({sql}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')");

    private static async Task SetPreferencesAsync(HttpClient client, object body) =>
        await Expect.StatusAsync(await client.PutAsJsonAsync("/api/me/mail-preferences", body), HttpStatusCode.OK);

    private async Task<(HttpClient Client, string Email)> ColleagueAsync(WorkflowScenario s)
    {
        var email = $"colleague-{Guid.NewGuid():N}@example.cn";
        var invited = await s.Applicant.PostAsJsonAsync($"/api/organisations/{s.OrganisationId}/invitations", new { email });
        await Expect.StatusAsync(invited, HttpStatusCode.Created);
        var token = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync($"/api/invitations/{token}/sign-up",
            new { displayName = "Colleague Wang", password = "Colleague-Passw0rd" }), HttpStatusCode.Created);
        return (await Calls.SignedInAsync(Factory, email, "Colleague-Passw0rd"), email);
    }

    [Fact]
    public async Task Returned_with_its_reason_reaches_every_member_of_the_organisation_each_in_their_own_language()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var (colleague, colleagueEmail) = await ColleagueAsync(s);
        await SetPreferencesAsync(colleague, new { language = "en" });

        await s.MoveAsync(s.Applicant, "submit");
        var awaiting = Assert.Single(await MailsAsync("application.awaiting-recommendation"));
        Assert.StartsWith("gd-", awaiting.Recipient);
        Assert.Contains($"/recommender/applications/{s.ApplicationId}", awaiting.Body);
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "return", "请补充应用成效的第三方检测报告。");

        var returned = await MailsAsync("application.returned");
        Assert.Equal(2, returned.Count);
        var chinese = Assert.Single(returned, m => m.Recipient.StartsWith("applicant-"));
        Assert.Equal("zh-CN", chinese.Language);
        Assert.Contains("退回修改", chinese.Subject);
        Assert.Contains("请补充应用成效的第三方检测报告。", chinese.Body);
        Assert.Contains($"/applicant/applications/{s.ApplicationId}", chinese.Body);
        var english = Assert.Single(returned, m => m.Recipient == colleagueEmail);
        Assert.Equal("en", english.Language);
        Assert.Contains("returned for revision", english.Subject);
        Assert.Contains("请补充应用成效的第三方检测报告。", english.Body);
        // The in-app notification is still one, for the role.
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"RecipientRole\" = 'Applicant' AND \"ApplicationId\" = '{s.ApplicationId}'"));
    }

    [Fact]
    public async Task An_optional_event_turned_off_writes_nothing_for_that_user_but_still_for_others_and_a_mandatory_one_cannot_be_turned_off()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var (otherEmail, otherPassword) = await Selection.RecommenderAccountAsync(admin, "44");
        var other = await Calls.SignedInAsync(Factory, otherEmail, otherPassword);
        await SetPreferencesAsync(other, new { language = "zh-CN", events = new Dictionary<string, bool> { ["application.awaiting-recommendation"] = false } });

        var before = await CountRowsAsync();
        await Expect.ProblemAsync(await other.PutAsJsonAsync("/api/me/mail-preferences",
            new { language = "zh-CN", events = new Dictionary<string, bool> { ["application.returned"] = false } }), 422, "mail-event-mandatory");
        await Expect.ProblemAsync(await other.PutAsJsonAsync("/api/me/mail-preferences",
            new { language = "zh-CN", events = new Dictionary<string, bool> { ["application.sent-flowers"] = false } }), 422, "mail-event-unknown");
        await Expect.ProblemAsync(await other.PutAsJsonAsync("/api/me/mail-preferences", new { language = "fr" }), 400, "validation");
        Assert.Equal(before, await CountRowsAsync());
        var preferences = await other.GetFromJsonAsync<JsonElement>("/api/me/mail-preferences");
        var events = preferences.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("event").GetString()!);
        Assert.False(events["application.awaiting-recommendation"].GetProperty("enabled").GetBoolean());
        Assert.True(events["application.returned"].GetProperty("enabled").GetBoolean());
        Assert.False(events["application.returned"].GetProperty("optional").GetBoolean());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'user.mail-preferences-changed'"));

        await s.MoveAsync(s.Applicant, "submit");

        var awaiting = Assert.Single(await MailsAsync("application.awaiting-recommendation"));
        Assert.NotEqual(otherEmail, awaiting.Recipient);
        // The notification inbox still tells the one who opted out of the e-mail.
        Assert.Single((await other.GetFromJsonAsync<JsonElement[]>("/api/me/notifications"))!);

        // Turned on again, the e-mail comes again.
        await SetPreferencesAsync(other, new { language = "en", events = new Dictionary<string, bool> { ["application.awaiting-recommendation"] = true } });
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "return", "请补充第三方检测报告的原件扫描件。");
        await s.MoveAsync(s.Applicant, "submit");
        var again = await MailsAsync("application.awaiting-recommendation");
        Assert.Equal(3, again.Count);
        Assert.Equal("en", Assert.Single(again, m => m.Recipient == otherEmail).Language);
    }

    [Fact]
    public async Task A_transitions_email_is_written_with_its_transaction_and_not_at_all_when_the_transaction_rolls_back()
    {
        var admin = await AsAdminAsync();
        // A version whose submit tells the administrators first and records the submission after: when recording
        // fails, the e-mail and notification already written in the transaction must go with it.
        var definition = WorkflowVersions.Shipped("demonstration-benchmark");
        definition["version"] = WorkflowVersions.BenchmarkNext;
        var submit = definition["transitions"]!.AsArray().Single(t => t!["trigger"]!.GetValue<string>() == "submit")!;
        submit["effects"] = JsonNode.Parse("""
            [{ "name": "notify", "args": { "role": "Admin", "message": "An application was submitted.", "mail": "application.awaiting-recommendation" } },
             { "name": "record-submission" }]
            """);
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", definition), HttpStatusCode.Created);
        await Expect.StatusAsync(await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null),
            HttpStatusCode.OK);
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var province = await ScalarAsync<string>($"SELECT \"ProvinceCode\" FROM \"Organisations\" WHERE \"Id\" = '{s.OrganisationId}'");
        await ExecuteAsync($"UPDATE \"Organisations\" SET \"ProvinceCode\" = NULL WHERE \"Id\" = '{s.OrganisationId}'");

        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "province-not-set");

        Assert.Empty(await MailsAsync("application.awaiting-recommendation"));
        Assert.Equal(0, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"ApplicationId\" = '{s.ApplicationId}'"));
        Assert.Equal("Draft", await s.StateAsync());

        await ExecuteAsync($"UPDATE \"Organisations\" SET \"ProvinceCode\" = '{province}' WHERE \"Id\" = '{s.OrganisationId}'");
        await s.MoveAsync(s.Applicant, "submit");

        var written = Assert.Single(await MailsAsync("application.awaiting-recommendation"));
        Assert.Equal(ApiFactory.AdminEmail, written.Recipient, ignoreCase: true);
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"ApplicationId\" = '{s.ApplicationId}'"));
    }

    [Fact]
    public async Task An_expert_assigned_by_hand_is_told_what_to_review_and_by_when_in_Beijing_time()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        var expert = (await WorkflowBuilder.CreateExpertsAsync(admin, 1))[0];

        var assigned = await Selection.AssignAsync(admin, s.ApplicationId, expert);

        var assignmentId = assigned.GetProperty("id").GetGuid();
        var mail = Assert.Single(await MailsAsync("assignment.created"));
        Assert.Equal(await ScalarAsync<string>($"SELECT \"Email\" FROM \"AspNetUsers\" WHERE \"Id\" = '{expert}'"), mail.Recipient);
        Assert.Equal("zh-CN", mail.Language);
        Assert.Contains(await BeijingAsync($"SELECT \"DueAt\" FROM \"Assignments\" WHERE \"Id\" = '{assignmentId}'") ?? "?", mail.Body);
        Assert.Contains($"/expert/assignments/{assignmentId}", mail.Body);
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"RecipientUserId\" = '{expert}'"));
    }

    [Fact]
    public async Task Notice_approval_publication_and_revocation_each_tell_the_applicant()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.InPublicNoticeAsync(Factory, admin);

        var notice = Assert.Single(await MailsAsync("application.entered-notice"));
        Assert.Contains("公示", notice.Subject);
        Assert.Contains(await BeijingAsync("SELECT max(\"EndsAt\") FROM \"Notices\"") ?? "?", notice.Body);

        await using (var later = ApiFactory.Later(Fixture.ConnectionString, 7.01))
            Assert.Equal(1, await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Equal("Approved", await s.StateAsync());
        Assert.Contains("已入选", Assert.Single(await MailsAsync("application.approved")).Subject);

        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{s.CallId}/directory", null), HttpStatusCode.Created);
        var published = Assert.Single(await MailsAsync("application.published"));
        Assert.Contains("/directories/", published.Body);

        var entry = await ScalarAsync<Guid>($"SELECT \"Id\" FROM \"DirectoryEntries\" WHERE \"ApplicationId\" = '{s.ApplicationId}'");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/directory-entries/{entry}/revoke", new { reason = "复核发现项目已停止运行，依规撤销。" }),
            HttpStatusCode.OK);
        var revoked = Assert.Single(await MailsAsync("application.revoked"));
        Assert.Contains("撤销", revoked.Subject);
        Assert.Contains("复核发现项目已停止运行，依规撤销。", revoked.Body);
    }

    [Fact]
    public async Task A_rejection_released_tells_the_applicant_the_reason_given_when_it_was_staged()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, await WorkflowBuilder.CreateExpertsAsync(admin, 3));
        await s.MoveAsync(admin, "reject", "应用成效缺少可核验的数据支撑。");
        // Staged, the decision is not told yet.
        Assert.Empty(await MailsAsync("application.rejected"));

        Assert.Equal("Rejected", await s.ReleaseAsync());

        var rejected = Assert.Single(await MailsAsync("application.rejected"));
        Assert.Contains("未入选", rejected.Subject);
        Assert.Contains("应用成效缺少可核验的数据支撑。", rejected.Body);
    }

    [Fact]
    public async Task Verification_results_reach_the_organisations_members_with_the_reason()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var verified = Assert.Single(await MailsAsync("organisation.verified"));
        Assert.StartsWith("applicant-", verified.Recipient);
        Assert.Contains("认证已通过", verified.Subject);

        var email = $"refused-{Guid.NewGuid():N}@example.cn";
        await Calls.RegisterAsync(Anonymous(), email);
        var member = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await SetPreferencesAsync(member, new { language = "en" });
        var organisationId = await OrganisationSteps.OrganisationOfAsync(member);
        await OrganisationSteps.RequestVerificationAsync(member, organisationId);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/refuse",
            new { reason = "营业执照已过有效期。" }), HttpStatusCode.OK);

        var refused = Assert.Single(await MailsAsync("organisation.verification-refused"));
        Assert.Equal(email, refused.Recipient);
        Assert.Equal("en", refused.Language);
        Assert.Contains("refused", refused.Subject);
        Assert.Contains("营业执照已过有效期。", refused.Body);
    }

    [Fact]
    public async Task A_confirmed_objection_and_only_a_confirmed_one_is_e_mailed_to_the_administrators()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.InPublicNoticeAsync(Factory, admin);
        var noticeId = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"Notices\"");

        var objection = await Objections.SubmitAsync(Anonymous(), noticeId, Objections.Form(s.ApplicationId));
        Assert.Empty(await MailsAsync("objection.received"));

        await Objections.ConfirmAsync(Anonymous(), Fixture.ConnectionString, noticeId, objection);

        var received = Assert.Single(await MailsAsync("objection.received"));
        Assert.Equal(ApiFactory.AdminEmail, received.Recipient, ignoreCase: true);
        Assert.Contains("异议", received.Subject);
        Assert.Contains($"/admin/notices/{noticeId}", received.Body);
    }
}
