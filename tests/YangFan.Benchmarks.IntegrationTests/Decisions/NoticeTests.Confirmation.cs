using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

/// <summary>Objections confirmed by the code e-mailed to the objector, and bounded per address.</summary>
public sealed partial class NoticeTests
{
    [Fact]
    public async Task An_objection_holds_its_entry_only_once_its_code_is_confirmed()
    {
        var (noticeId, first, second, admin) = await OnNoticeAsync();
        var unconfirmed = await Objections.SubmitAsync(Anonymous(), noticeId, Objection(first, email: "Someone@Example.CN"));
        var confirmed = await Objections.SubmitAsync(Anonymous(), noticeId, Objection(second));

        // The code e-mail was written with the objection, to the address in lower case; only its hash is stored.
        var mail = await ScalarAsync<string>($"SELECT \"Recipient\" || '|' || \"Body\" FROM \"OutgoingEmails\" WHERE \"SourceId\" = '{unconfirmed}'");
        var code = Objections.CodeIn(mail!);
        Assert.StartsWith("someone@example.cn|", mail);
        Assert.Contains($"/notices/{noticeId}/objections/{unconfirmed}/confirm", mail);
        Assert.Contains(await ScalarAsync<string>($"SELECT \"ReceiptNumber\" FROM \"Objections\" WHERE \"Id\" = '{unconfirmed}'"), mail);
        Assert.Equal(0, await ScalarAsync<long>($"SELECT count(*) FROM \"Objections\" WHERE \"ConfirmationCodeHash\" LIKE '%{code}%'"));
        // Unconfirmed: not listed, not counted, not resolvable.
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>($"/api/objections?noticeId={noticeId}"))!);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/notice-summaries")).GetProperty("items")[0].GetProperty("openObjections").GetInt32());
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/objections/{unconfirmed}/resolve",
            new { outcome = "Dismissed", reason = "未确认的异议不应被处理。" }), 404, "not-found");

        var ok = await ConfirmWithAsync(noticeId, confirmed, await Objections.CodeAsync(Fixture.ConnectionString, confirmed));

        await Expect.StatusAsync(ok, HttpStatusCode.OK);
        Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmed").GetBoolean());
        var listed = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/objections?noticeId={noticeId}"))!.Single();
        Assert.Equal(confirmed, listed.GetProperty("id").GetGuid());
        Assert.Equal(Objections.Email, listed.GetProperty("email").GetString());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'objection.confirmed' AND \"EntityId\" = '{second}'"));
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"RecipientRole\" = 'Admin' AND \"ApplicationId\" = '{second}'"));
        // The right code again answers as before, and changes nothing.
        await Expect.StatusAsync(await ConfirmWithAsync(noticeId, confirmed, await Objections.CodeAsync(Fixture.ConnectionString, confirmed)), HttpStatusCode.OK);
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'objection.confirmed'"));

        await using (var later = Later(7.1))
            await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal("Approved", await StateAsync(admin, first));
        Assert.Equal("PublicNotice", await StateAsync(admin, second));
        // A notice that has closed confirms nothing more.
        await ExecuteAsync($"UPDATE \"Notices\" SET \"EndsAt\" = now() - interval '1 second' WHERE \"Id\" = '{noticeId}'");
        await Expect.ProblemAsync(await ConfirmWithAsync(noticeId, unconfirmed, code), 409, "conflict");
        Assert.Equal("Unconfirmed", await ScalarAsync<string>($"SELECT \"Status\" FROM \"Objections\" WHERE \"Id\" = '{unconfirmed}'"));
    }

    [Fact]
    public async Task Wrong_codes_are_counted_and_after_five_even_the_right_code_no_longer_works()
    {
        var (noticeId, first, _, _) = await OnNoticeAsync();
        var id = await Objections.SubmitAsync(Anonymous(), noticeId, Objection(first));
        var code = await Objections.CodeAsync(Fixture.ConnectionString, id);
        var wrong = code == "000000" ? "111111" : "000000";

        await Expect.ProblemAsync(await ConfirmWithAsync(noticeId, id, "12ab"), 400, "validation");
        for (var left = 4; left >= 0; left--)
        {
            var refused = await ConfirmWithAsync(noticeId, id, wrong);
            await Expect.ProblemAsync(refused, 400, "objection-code-wrong");
            Assert.Equal(left, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attemptsLeft").GetInt32());
        }

        await Expect.ProblemAsync(await ConfirmWithAsync(noticeId, id, code), 409, "objection-code-attempts-exhausted");
        Assert.Equal("Unconfirmed", await ScalarAsync<string>($"SELECT \"Status\" FROM \"Objections\" WHERE \"Id\" = '{id}'"));
        Assert.Equal(5, await ScalarAsync<int>($"SELECT \"ConfirmationAttempts\" FROM \"Objections\" WHERE \"Id\" = '{id}'"));
        await Expect.ProblemAsync(await ConfirmWithAsync(noticeId, Guid.NewGuid(), code), 404, "not-found");
    }

    [Fact]
    public async Task One_address_holds_a_bounded_number_of_objections_per_notice_and_an_expired_code_frees_its_place()
    {
        var (noticeId, first, second, _) = await OnNoticeAsync();
        var opened = await FileAsync(noticeId, Objection(first));
        var waiting = await Objections.SubmitAsync(Anonymous(), noticeId, Objection(second));
        await Objections.SubmitAsync(Anonymous(), noticeId, Objection(first, email: "OBJECTOR@example.cn"));
        var before = await CountRowsAsync();

        // Three held (one open, two awaiting their code): the fourth from the address writes nothing and sends nothing.
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/notices/{noticeId}/objections", Objection(second)), 409, "objection-limit-reached");
        Assert.Equal(before, await CountRowsAsync());
        await Objections.SubmitAsync(Anonymous(), noticeId, Objection(second, email: "another@example.cn"));

        // An expired code neither confirms nor holds a place any longer.
        await ExecuteAsync($"UPDATE \"Objections\" SET \"ConfirmationExpiresAt\" = now() - interval '1 second' WHERE \"Id\" = '{waiting}'");
        await Expect.ProblemAsync(await ConfirmWithAsync(noticeId, waiting, await Objections.CodeAsync(Fixture.ConnectionString, waiting)),
            409, "objection-code-expired");
        await Objections.SubmitAsync(Anonymous(), noticeId, Objection(second));
        Assert.NotEqual(Guid.Empty, opened);
    }

    [Fact]
    public async Task The_objector_is_emailed_the_outcome_and_the_reason()
    {
        var (noticeId, first, _, admin) = await OnNoticeAsync();
        var id = await FileAsync(noticeId, Objection(first));

        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/objections/{id}/resolve",
            new { outcome = "Sustained", reason = "经核实，申报数据存在虚报。" }), HttpStatusCode.OK);

        var mail = await ScalarAsync<string>(
            $"SELECT \"Recipient\" || '|' || \"Language\" || '|' || \"Subject\" || '|' || \"Body\" FROM \"OutgoingEmails\" WHERE \"SourceId\" = '{id}' AND \"Template\" = 'ObjectionResolved'");
        Assert.StartsWith($"{Objections.Email}|zh-CN|", mail);
        Assert.Contains("异议成立", mail);
        Assert.Contains("经核实，申报数据存在虚报。", mail);
        Assert.Contains(await ScalarAsync<string>($"SELECT \"ReceiptNumber\" FROM \"Objections\" WHERE \"Id\" = '{id}'"), mail);
    }
}
