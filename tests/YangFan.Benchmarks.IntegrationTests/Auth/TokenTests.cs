using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed class TokenTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "Applicant-Passw0rd";

    [Fact]
    public async Task Register_sign_in_and_refresh_rotates_the_refresh_token()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "rotate@example.cn");

        var first = await Calls.TokenAsync(client, "rotate@example.cn", Password);
        Assert.Equal("Bearer", first.GetProperty("tokenType").GetString());
        var refreshed = await Refresh(client, first.GetProperty("refreshToken").GetString()!);

        await Expect.StatusAsync(refreshed, HttpStatusCode.OK);
        var second = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(first.GetProperty("refreshToken").GetString(), second.GetProperty("refreshToken").GetString());
        var me = await Anonymous().WithBearer(second.GetProperty("accessToken").GetString()!).GetAsync("/api/me");
        await Expect.StatusAsync(me, HttpStatusCode.OK);
        // Only hashes are stored.
        Assert.Equal(0, await ScalarAsync<long>(
            $"SELECT count(*) FROM \"RefreshTokens\" WHERE \"TokenHash\" = '{second.GetProperty("refreshToken").GetString()}'"));
    }

    [Fact]
    public async Task Presenting_an_already_rotated_refresh_token_revokes_the_whole_family()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "stolen@example.cn");
        var original = (await Calls.TokenAsync(client, "stolen@example.cn", Password)).GetProperty("refreshToken").GetString()!;
        var rotated = await (await Refresh(client, original)).Content.ReadFromJsonAsync<JsonElement>();
        var current = rotated.GetProperty("refreshToken").GetString()!;

        var reuse = await Refresh(client, original);

        await Expect.ProblemAsync(reuse, 401, "refresh-token-reused");
        // The legitimate holder's newest token is gone too: the thief and the owner both have to sign in again.
        await Expect.ProblemAsync(await Refresh(client, current), 401, "invalid-refresh-token");
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'auth.refresh.reuse-detected'"));
    }

    [Fact]
    public async Task A_separate_sign_in_is_a_separate_family_and_survives_reuse_elsewhere()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "two@example.cn");
        var laptop = (await Calls.TokenAsync(client, "two@example.cn", Password)).GetProperty("refreshToken").GetString()!;
        var phone = (await Calls.TokenAsync(client, "two@example.cn", Password)).GetProperty("refreshToken").GetString()!;
        await Refresh(client, laptop);
        await Refresh(client, laptop);

        await Expect.StatusAsync(await Refresh(client, phone), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "logout@example.cn");
        var refresh = (await Calls.TokenAsync(client, "logout@example.cn", Password)).GetProperty("refreshToken").GetString()!;

        var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = refresh });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await Expect.ProblemAsync(await Refresh(client, refresh), 401, "invalid-refresh-token");
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_refused()
    {
        await Expect.ProblemAsync(await Refresh(Anonymous(), "not-a-token"), 401, "invalid-refresh-token");
    }

    [Fact]
    public async Task A_wrong_password_gets_401_without_saying_whether_the_account_exists()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "exists@example.cn");

        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { email = "exists@example.cn", password = "Wrong-Passw0rd" });
        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@example.cn", password = "Wrong-Passw0rd" });

        var a = await Expect.ProblemAsync(wrong, 401, "invalid-credentials");
        var b = await Expect.ProblemAsync(unknown, 401, "invalid-credentials");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_failed_sign_ins_from_one_address_lock_it_out_even_against_the_right_password()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "locked@example.cn");

        for (var i = 0; i < 5; i++)
            await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/token", new { email = "locked@example.cn", password = "Wrong-Passw0rd" }), 401, "invalid-credentials");

        var right = await client.PostAsJsonAsync("/api/auth/token", new { email = "locked@example.cn", password = Password });

        await Expect.ProblemAsync(right, 401, "invalid-credentials");
        var lockedUntil = await ScalarAsync<DateTime>("SELECT \"LockedUntil\" FROM \"SignInThrottles\"");
        Assert.InRange(lockedUntil - DateTime.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        var client = Anonymous();
        await Calls.RegisterAsync(client, "reset@example.cn");
        for (var i = 0; i < 4; i++)
            await client.PostAsJsonAsync("/api/auth/token", new { email = "reset@example.cn", password = "Wrong-Passw0rd" });
        await Calls.TokenAsync(client, "reset@example.cn", Password);

        await Expect.ProblemAsync(await client.PostAsJsonAsync("/api/auth/token", new { email = "reset@example.cn", password = "Wrong-Passw0rd" }), 401, "invalid-credentials");
    }

    private static Task<HttpResponseMessage> Refresh(HttpClient client, string token) =>
        client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token });
}
