using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

public sealed partial class SignInThrottleTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "Applicant-Passw0rd";
    private const string Wrong = "Wrong-Passw0rd";

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { email, password });

    [Fact]
    public async Task Failures_from_other_addresses_do_not_lock_the_owner_out_while_the_attack_runs()
    {
        const string email = "owner@example.cn";
        await Calls.RegisterAsync(Anonymous(), email);
        var owner = Anonymous().From("192.0.2.10");
        await Calls.TokenAsync(owner, email, Password);

        // 11 addresses × 5 failures: each attacking address gets locked out, and the account as a whole passes the
        // 50 recent failures after which addresses it has never been signed in from are refused.
        for (var a = 1; a <= 11; a++)
        {
            var attacker = Anonymous().From($"198.51.100.{a}");
            for (var i = 0; i < 5; i++)
                await Expect.ProblemAsync(await SignIn(attacker, email, Wrong), 401, "invalid-credentials");
            await Calls.TokenAsync(owner, email, Password);
        }

        await Expect.ProblemAsync(await SignIn(Anonymous().From("198.51.100.1"), email, Password), 401, "invalid-credentials");
        await Expect.ProblemAsync(await SignIn(Anonymous().From("203.0.113.9"), email, Password), 401, "invalid-credentials");
        await Calls.TokenAsync(owner, email, Password);
        // The eleventh address came after 50 failures: the account-wide throttle refused it without counting.
        Assert.Equal(10, await ScalarAsync<long>("SELECT count(*) FROM \"SignInThrottles\" WHERE \"LockedUntil\" IS NOT NULL"));
    }

    [Fact]
    public async Task Every_refused_sign_in_is_held_until_the_configured_time_has_passed()
    {
        const string email = "paced@example.cn";
        await Calls.RegisterAsync(Anonymous(), email);
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-paced-{Guid.NewGuid():N}"));
        settings["Auth:RefusedSignInMilliseconds"] = "1500";
        await using var paced = new ApiFactory(settings);
        var client = paced.CreateClient();
        await Calls.TokenAsync(client, email, Password); // warms the host up

        // An unknown e-mail costs less work than a wrong password to a real account; both answer after the floor.
        foreach (var (who, password) in new[] { ("nobody@example.cn", Password), (email, Wrong) })
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Expect.ProblemAsync(await SignIn(client, who, password), 401, "invalid-credentials");
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(1500),
                $"The refusal for {who} answered before the floor.");
        }
    }

    [Fact]
    public async Task A_locked_out_address_stays_locked_in_every_API_process_and_signs_in_again_after_fifteen_minutes()
    {
        const string email = "wait@example.cn";
        await Calls.RegisterAsync(Anonymous(), email);
        var here = Anonymous().From("198.51.100.30");
        for (var i = 0; i < 5; i++)
            await SignIn(here, email, Wrong);

        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-throttle-{Guid.NewGuid():N}"));
        await using var other = new ApiFactory(settings, time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1)));
        var there = other.CreateClient().From("198.51.100.30");
        await Expect.ProblemAsync(await SignIn(there, email, Password), 401, "invalid-credentials");

        other.Time!.Advance(TimeSpan.FromMinutes(15));

        await Expect.StatusAsync(await SignIn(there, email, Password), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_email_wrong_password_disabled_and_locked_out_accounts_get_the_same_answer_byte_for_byte()
    {
        var admin = await AsAdminAsync();
        await Calls.RegisterAsync(Anonymous(), "wrong@example.cn");
        var disabled = await Calls.RegisterAsync(Anonymous(), "disabled@example.cn");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/users/{disabled.GetProperty("userId").GetGuid()}/disable", new { reason = "test" }),
            HttpStatusCode.OK);
        await Calls.RegisterAsync(Anonymous(), "locked@example.cn");
        var client = Anonymous().From("198.51.100.40");
        for (var i = 0; i < 5; i++)
            await SignIn(client, "locked@example.cn", Wrong);

        HttpResponseMessage[] answers =
        [
            await SignIn(client, "nobody@example.cn", Password),
            await SignIn(client, "wrong@example.cn", Wrong),
            await SignIn(client, "disabled@example.cn", Password),
            await SignIn(client, "locked@example.cn", Password),
        ];

        var bodies = new List<string>();
        foreach (var answer in answers)
        {
            await Expect.ProblemAsync(answer, 401, "invalid-credentials");
            bodies.Add(TraceId().Replace(await answer.Content.ReadAsStringAsync(), ""));
        }
        Assert.Single(bodies.Distinct());
        Assert.Single(answers.Select(a => string.Join(",", a.Headers.Concat(a.Content.Headers).Select(h => h.Key).Order())).Distinct());
    }

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
