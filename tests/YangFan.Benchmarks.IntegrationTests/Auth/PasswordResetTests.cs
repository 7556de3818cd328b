using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Pages;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed partial class PasswordResetTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string NewPassword = "Reset-Passw0rd-New";

    [Fact]
    public async Task A_reset_link_from_the_outbox_sets_a_new_password_and_ends_the_old_password_and_every_session()
    {
        await Calls.RegisterAsync(Anonymous(), "forgetful@example.cn");
        var tokens = await Calls.TokenAsync(Anonymous(), "forgetful@example.cn", Applicants.Password);
        var pages = Anonymous();
        await PageTests.SignInThroughTheFormAsync(pages, "forgetful@example.cn", Applicants.Password);
        Assert.Contains("已登录", await pages.GetStringAsync("/"));

        // Someone guessing from one address has locked that address out of the account.
        for (var i = 0; i < 5; i++)
            await Anonymous().From("198.51.100.20").PostAsJsonAsync("/api/auth/token", new { email = "forgetful@example.cn", password = "Guess-Passw0rd-" + i });
        await Expect.ProblemAsync(await Anonymous().From("198.51.100.20").PostAsJsonAsync("/api/auth/token",
            new { email = "forgetful@example.cn", password = Applicants.Password }), 401, "invalid-credentials");

        var asked = await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "Forgetful@example.cn" });
        await Expect.StatusAsync(asked, HttpStatusCode.Accepted);

        var token = await LinkTokenAsync("forgetful@example.cn");
        Assert.Equal("zh-CN", await ScalarAsync<string>("SELECT \"Language\" FROM \"OutgoingEmails\""));
        Assert.Equal("Pending", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
        Assert.Contains("重置密码", await ScalarAsync<string>("SELECT \"Subject\" FROM \"OutgoingEmails\""));
        // Only the hash is kept; the link lives an hour by the API's clock.
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM \"PasswordResets\" WHERE \"TokenHash\" = '{token}'"));
        Assert.Equal(3600.0, await ScalarAsync<double>("SELECT extract(epoch FROM \"ExpiresAt\" - \"CreatedAt\")::float8 FROM \"PasswordResets\""));

        var done = await Anonymous().PostAsJsonAsync("/api/auth/password-reset/complete", new { token, password = NewPassword });

        await Expect.StatusAsync(done, HttpStatusCode.NoContent);
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/api/auth/token", new { email = "forgetful@example.cn", password = Applicants.Password }),
            401, "invalid-credentials");
        await Calls.TokenAsync(Anonymous(), "forgetful@example.cn", NewPassword);
        // The failures counted against the old password are forgotten: the locked-out address signs in with the new one.
        await Calls.TokenAsync(Anonymous().From("198.51.100.20"), "forgetful@example.cn", NewPassword);
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }),
            401, "invalid-refresh-token");
        Assert.DoesNotContain("已登录", await pages.GetStringAsync("/"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'auth.password-reset'"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'auth.password-reset.requested'"));

        // Used once, it is used up.
        var before = await CountRowsAsync();
        var again = await Anonymous().PostAsJsonAsync("/api/auth/password-reset/complete", new { token, password = "Another-Passw0rd-1" });
        var problem = await Expect.ProblemAsync(again, 400, "password-reset-invalid");
        Assert.Contains("already used", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_nothing_is_written()
    {
        await Calls.RegisterAsync(Anonymous(), "known@example.cn");
        var before = await CountRowsAsync();

        var unknown = await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "nobody@example.cn" });

        await Expect.StatusAsync(unknown, HttpStatusCode.Accepted);
        Assert.Equal(before, await CountRowsAsync());
        var known = await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "known@example.cn" });
        await Expect.StatusAsync(known, HttpStatusCode.Accepted);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\""));
    }

    [Fact]
    public async Task Unknown_expired_replaced_and_used_tokens_and_a_weak_password_are_refused_and_change_nothing()
    {
        await Calls.RegisterAsync(Anonymous(), "refused@example.cn");
        await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "refused@example.cn" });
        var replaced = await LinkTokenAsync("refused@example.cn");
        await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "refused@example.cn" });
        var current = (await LinkTokensAsync("refused@example.cn")).Last();
        Assert.NotEqual(replaced, current);
        var hash = await PasswordHashAsync("refused@example.cn");
        var before = await CountRowsAsync();

        async Task RefusedAsync(object body, string type)
        {
            await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/api/auth/password-reset/complete", body), 400, type);
            Assert.Equal(before, await CountRowsAsync());
            Assert.Equal(hash, await PasswordHashAsync("refused@example.cn"));
        }

        await RefusedAsync(new { token = replaced, password = NewPassword }, "password-reset-invalid");
        await RefusedAsync(new { token = "not-a-token-anyone-was-sent", password = NewPassword }, "password-reset-invalid");
        await RefusedAsync(new { token = "", password = NewPassword }, "validation");
        // The registration's rules: a weak password leaves the link usable.
        var weak = await Anonymous().PostAsJsonAsync("/api/auth/password-reset/complete", new { token = current, password = "short" });
        Assert.Contains("password", Expect.ErrorFields(await Expect.ProblemAsync(weak, 400, "validation")));
        Assert.Equal(before, await CountRowsAsync());

        await ExecuteAsync("UPDATE \"PasswordResets\" SET \"ExpiresAt\" = now() - interval '1 minute' WHERE \"UsedAt\" IS NULL AND \"EndedAt\" IS NULL");
        await RefusedAsync(new { token = current, password = NewPassword }, "password-reset-invalid");
    }

    [Fact]
    public async Task The_forgot_password_form_without_JavaScript_answers_alike_and_writes_the_email_in_the_pages_language()
    {
        await Calls.RegisterAsync(Anonymous(), "english@example.cn");
        var browser = Anonymous();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var known = await PostFormAsync(browser, "/forgot-password", "forgot-password", ("Form.Email", "english@example.cn"));
        var unknown = await PostFormAsync(browser, "/forgot-password", "forgot-password", ("Form.Email", "nobody@example.cn"));

        Assert.Contains("If an account has this e-mail address", known);
        Assert.Equal(SentPanel().Match(known).Value, SentPanel().Match(unknown).Value);
        Assert.Equal("en", await ScalarAsync<string>("SELECT \"Language\" FROM \"OutgoingEmails\""));
        Assert.StartsWith("YangFan", await ScalarAsync<string>("SELECT \"Subject\" FROM \"OutgoingEmails\""));
        var token = await LinkTokenAsync("english@example.cn");

        var mismatch = await PostFormAsync(browser, $"/reset-password/{token}", "reset-password",
            ("Form.Password", NewPassword), ("Form.Confirmation", NewPassword + "x"));
        Assert.Contains("id=\"confirmation-error\"", mismatch);
        Assert.DoesNotContain(NewPassword, mismatch);
        var done = await PostFormAsync(browser, $"/reset-password/{token}", "reset-password",
            ("Form.Password", NewPassword), ("Form.Confirmation", NewPassword));
        Assert.Contains("Your password has been reset", done);
        await Calls.TokenAsync(Anonymous(), "english@example.cn", NewPassword);
    }

    [Fact]
    public async Task An_invitation_is_written_to_the_outbox_with_its_link_and_the_owner_still_gets_the_link_once()
    {
        var owner = await Calls.RegisterAsync(Anonymous(), "owner@example.cn");
        var client = await Calls.SignedInAsync(Factory, "owner@example.cn", Applicants.Password);

        var invited = await client.PostAsJsonAsync($"/api/organisations/{owner.GetProperty("organisationId").GetGuid()}/invitations",
            new { email = "colleague@example.cn" });

        await Expect.StatusAsync(invited, HttpStatusCode.Created);
        var link = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetString()!;
        var body = await ScalarAsync<string>(
            "SELECT \"Body\" FROM \"OutgoingEmails\" WHERE \"Recipient\" = 'colleague@example.cn' AND \"Event\" = 'organisation.member-invited'");
        Assert.Contains("http://localhost:5080" + link, body);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" e JOIN \"OrganisationInvitations\" i ON i.\"Id\" = e.\"SourceId\""));
    }

    private async Task<string> LinkTokenAsync(string recipient) => (await LinkTokensAsync(recipient)).Single();

    /// <summary>The tokens of the reset links e-mailed to the address, oldest first.</summary>
    private async Task<List<string>> LinkTokensAsync(string recipient)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT \"Body\" FROM \"OutgoingEmails\" WHERE \"Recipient\" = @r AND \"Event\" = 'auth.password-reset.requested' ORDER BY \"CreatedAt\"", connection);
        command.Parameters.AddWithValue("r", recipient);
        var tokens = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tokens.Add(ResetLink().Match(reader.GetString(0)).Groups[1].Value);
        return tokens;
    }

    private Task<string?> PasswordHashAsync(string email) =>
        ScalarAsync<string>($"SELECT \"PasswordHash\" FROM \"AspNetUsers\" WHERE \"Email\" = '{email}'");

    /// <summary>Posts a page's form as a browser without JavaScript does, with the antiforgery token of the page's GET.</summary>
    private static async Task<string> PostFormAsync(HttpClient client, string path, string handler, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        var response = await client.PostAsync(path, PageTests.Form([.. fields, ("_handler", handler), ("__RequestVerificationToken", PageTests.TokenIn(page))]));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"http://localhost:5080/reset-password/([A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();

    [GeneratedRegex("<div class=\"receipt\"[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex SentPanel();
}
