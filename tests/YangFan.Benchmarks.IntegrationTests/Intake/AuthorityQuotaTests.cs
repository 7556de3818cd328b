using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>Each recommending authority's own quota in a call, the call's for the others, and the quota query.</summary>
public sealed class AuthorityQuotaTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static object CallBody(int? quota, object[]? authorityQuotas, DateTimeOffset? recommendationDeadline = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new
        {
            programmeKey = "security-centre", year = 2026, batch = 1, titleZh = "2026 年安全创新示范中心", titleEn = "2026 security centres",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), recommenderQuota = quota, authorityQuotas,
            recommendationDeadline = recommendationDeadline ?? now.AddDays(45),
        };
    }

    private static async Task<Guid> OpenCallAsync(HttpClient admin, int? quota, params object[] authorityQuotas)
    {
        var created = await admin.PostAsJsonAsync("/api/calls", CallBody(quota, authorityQuotas));
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{id}/open", null), HttpStatusCode.OK);
        return id;
    }

    private async Task<List<Guid>> SubmittedAsync(HttpClient admin, Guid callId, string province, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add((await Recommenders.SubmittedAsync(Factory, admin, callId, province)).ApplicationId);
        return ids;
    }

    private Task<long> RecommendedAsync(Guid callId, string authority) =>
        ScalarAsync<long>($"SELECT count(*) FROM \"Applications\" WHERE \"CallId\" = '{callId}' AND \"State\" = 'FormalCheck' "
            + $"AND \"RecommendingAuthority\" = '{authority}'");

    private static Task<HttpResponseMessage> SetQuotasAsync(HttpClient admin, Guid callId, string? ifMatch, params object[] authorityQuotas)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{callId}/authority-quotas") { Content = JsonContent.Create(new { authorityQuotas }) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return admin.SendAsync(request);
    }

    private static async Task<string> CallETagAsync(HttpClient admin, Guid callId) =>
        (await admin.GetAsync($"/api/calls/{callId}")).Headers.ETag!.Tag;

    private static async Task<JsonElement> QuotaInAsync(HttpClient client, Guid callId, string query = "")
    {
        var answer = await client.GetFromJsonAsync<JsonElement>("/api/recommendations/quotas" + query);
        return answer.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("callId").GetGuid() == callId);
    }

    [Fact]
    public async Task An_authority_with_its_own_quota_recommends_up_to_it_and_the_others_up_to_the_calls()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1, new { provinceCode = "44", quota = 3 });
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var jiangsu = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "32" });
        var cantonese = await SubmittedAsync(admin, callId, "44", 4);
        var jiangsuApplications = await SubmittedAsync(admin, callId, "32", 2);

        foreach (var id in cantonese.Take(3))
            await Expect.StatusAsync(await Transitions.FireAsync(guangdong, id, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(jiangsu, jiangsuApplications[0], "recommend"), HttpStatusCode.OK);
        var rows = await CountRowsAsync();
        var overOwn = await Transitions.FireAsync(guangdong, cantonese[3], "recommend");
        var overDefault = await Transitions.FireAsync(jiangsu, jiangsuApplications[1], "recommend");

        var own = await Expect.ProblemAsync(overOwn, 409, "recommender-quota-reached");
        Assert.Equal(3, own.GetProperty("quota").GetInt32());
        Assert.Equal(3, own.GetProperty("used").GetInt32());
        Assert.Equal("province:44", own.GetProperty("authority").GetString());
        Assert.Contains("quota of 3", own.GetProperty("detail").GetString());
        var fallback = await Expect.ProblemAsync(overDefault, 409, "recommender-quota-reached");
        Assert.Equal(1, fallback.GetProperty("quota").GetInt32());
        Assert.Equal(rows, await CountRowsAsync());
        Assert.Equal("Submitted", (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{cantonese[3]}")).GetProperty("state").GetString());
        Assert.Equal(3, await RecommendedAsync(callId, "province:44"));
        Assert.Equal(1, await RecommendedAsync(callId, "province:32"));

        var standing = await QuotaInAsync(guangdong, callId);
        Assert.Equal((3, true, 3, 0), (standing.GetProperty("quota").GetInt32(), standing.GetProperty("own").GetBoolean(),
            standing.GetProperty("used").GetInt32(), standing.GetProperty("left").GetInt32()));
        Assert.Equal(JsonValueKind.String, standing.GetProperty("recommendationDeadline").ValueKind);
        var jiangsuStanding = await QuotaInAsync(jiangsu, callId);
        Assert.Equal((1, false, 1, 0), (jiangsuStanding.GetProperty("quota").GetInt32(), jiangsuStanding.GetProperty("own").GetBoolean(),
            jiangsuStanding.GetProperty("used").GetInt32(), jiangsuStanding.GetProperty("left").GetInt32()));
    }

    [Fact]
    public async Task A_sub_provincial_city_recommends_on_a_quota_of_its_own_beside_its_provinces()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1, new { cityCode = "4403", quota = 2 });
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var shenzhen = await Recommenders.CreateAsync(Factory, admin, new { cityCode = "4403" });
        var shenzhenApplications = await SubmittedAsync(admin, callId, "4403", 3);
        var guangzhouApplications = await SubmittedAsync(admin, callId, "44", 2);

        foreach (var id in shenzhenApplications.Take(2))
            await Expect.StatusAsync(await Transitions.FireAsync(shenzhen, id, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(guangdong, guangzhouApplications[0], "recommend"), HttpStatusCode.OK);
        var rows = await CountRowsAsync();
        var cityOver = await Expect.ProblemAsync(await Transitions.FireAsync(shenzhen, shenzhenApplications[2], "recommend"), 409, "recommender-quota-reached");
        var provinceOver = await Expect.ProblemAsync(await Transitions.FireAsync(guangdong, guangzhouApplications[1], "recommend"), 409,
            "recommender-quota-reached");

        Assert.Equal(("city:4403", 2, 2), (cityOver.GetProperty("authority").GetString(), cityOver.GetProperty("quota").GetInt32(),
            cityOver.GetProperty("used").GetInt32()));
        Assert.Equal(("province:44", 1, 1), (provinceOver.GetProperty("authority").GetString(), provinceOver.GetProperty("quota").GetInt32(),
            provinceOver.GetProperty("used").GetInt32()));
        Assert.Equal(rows, await CountRowsAsync());
        Assert.Equal(2, await RecommendedAsync(callId, "city:4403"));
        Assert.Equal(1, await RecommendedAsync(callId, "province:44"));
        var standing = await QuotaInAsync(shenzhen, callId);
        Assert.Equal((2, true, 2, 0), (standing.GetProperty("quota").GetInt32(), standing.GetProperty("own").GetBoolean(),
            standing.GetProperty("used").GetInt32(), standing.GetProperty("left").GetInt32()));
        var answer = await shenzhen.GetFromJsonAsync<JsonElement>("/api/recommendations/quotas");
        Assert.Equal(("city:4403", "4403"), (answer.GetProperty("authority").GetString(), answer.GetProperty("cityCode").GetString()));
        Assert.Equal(2, (await QuotaInAsync(admin, callId, "?cityCode=4403")).GetProperty("used").GetInt32());
        await Expect.ProblemAsync(await guangdong.GetAsync("/api/recommendations/quotas?cityCode=4403"), 403, "forbidden");
        var authorities = (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/authority-quotas")).GetProperty("authorities").EnumerateArray()
            .ToDictionary(a => a.GetProperty("authority").GetString()!);
        Assert.Equal("4403", authorities["city:4403"].GetProperty("cityCode").GetString());
        Assert.Equal((1, false), (authorities["province:44"].GetProperty("quota").GetInt32(), authorities["province:44"].GetProperty("own").GetBoolean()));
    }

    [Fact]
    public async Task The_accounts_of_one_authority_share_its_quota()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 5, new { provinceCode = "44", quota = 2 });
        var first = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var second = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var applications = await SubmittedAsync(admin, callId, "44", 3);

        await Expect.StatusAsync(await Transitions.FireAsync(first, applications[0], "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(second, applications[1], "recommend"), HttpStatusCode.OK);

        await Expect.ProblemAsync(await Transitions.FireAsync(first, applications[2], "recommend"), 409, "recommender-quota-reached");
        var pending = await second.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending");
        Assert.Equal(0, Assert.Single(pending!).GetProperty("quotaLeft").GetInt32());
    }

    [Fact]
    public async Task A_national_body_has_its_own_quota_too()
    {
        var admin = await AsAdminAsync();
        var association = await Recommenders.CreateAsync(Factory, admin, new { nationalBody = "中国通信企业协会" });
        var callId = await OpenCallAsync(admin, 3, new { nationalBody = "中国通信企业协会", quota = 1 });
        var members = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var (id, organisationId) = await Recommenders.SubmittedAsync(Factory, admin, callId, "51");
            await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/memberships",
                new { nationalBody = "中国通信企业协会" }), HttpStatusCode.NoContent);
            members.Add(id);
        }

        await Expect.StatusAsync(await Transitions.FireAsync(association, members[0], "recommend"), HttpStatusCode.OK);
        var refused = await Expect.ProblemAsync(await Transitions.FireAsync(association, members[1], "recommend"), 409, "recommender-quota-reached");

        Assert.Equal("national-body:中国通信企业协会", refused.GetProperty("authority").GetString());
        var standing = await QuotaInAsync(admin, callId, "?nationalBody=" + Uri.EscapeDataString("中国通信企业协会"));
        Assert.Equal((1, 0), (standing.GetProperty("used").GetInt32(), standing.GetProperty("left").GetInt32()));
    }

    [Fact]
    public async Task Racing_recommendations_from_one_authority_never_exceed_its_own_quota()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 10, new { provinceCode = "44", quota = 3 });
        var accounts = new[]
        {
            await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" }),
            await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" }),
        };
        var applications = await SubmittedAsync(admin, callId, "44", 10);

        var race = await Task.WhenAll(applications.Select((id, i) => Transitions.FireAsync(accounts[i % 2], id, "recommend")));

        Assert.Equal(3, race.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in race.Where(r => r.StatusCode != HttpStatusCode.OK))
            await Expect.ProblemAsync(refused, 409, "recommender-quota-reached");
        Assert.Equal(3, await RecommendedAsync(callId, "province:44"));
        Assert.Equal(3, await ScalarAsync<long>($"SELECT count(*) FROM \"Applications\" WHERE \"CallId\" = '{callId}' AND \"State\" = 'FormalCheck'"));
    }

    [Fact]
    public async Task Two_authorities_with_different_quotas_racing_at_once_each_get_exactly_theirs()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1, new { provinceCode = "44", quota = 2 }, new { provinceCode = "32", quota = 4 });
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var jiangsu = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "32" });
        var cantonese = await SubmittedAsync(admin, callId, "44", 5);
        var jiangsuApplications = await SubmittedAsync(admin, callId, "32", 6);

        var race = await Task.WhenAll(cantonese.Select(id => (guangdong, id)).Concat(jiangsuApplications.Select(id => (jiangsu, id)))
            .OrderBy(p => p.id).Select(p => Transitions.FireAsync(p.Item1, p.id, "recommend")));

        Assert.Equal(6, race.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(race.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(2, await RecommendedAsync(callId, "province:44"));
        Assert.Equal(4, await RecommendedAsync(callId, "province:32"));
    }

    [Fact]
    public async Task An_administrator_raises_an_authoritys_quota_while_recommendations_run()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1);
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var applications = await SubmittedAsync(admin, callId, "44", 2);
        await Expect.StatusAsync(await Transitions.FireAsync(guangdong, applications[0], "recommend"), HttpStatusCode.OK);
        await Expect.ProblemAsync(await Transitions.FireAsync(guangdong, applications[1], "recommend"), 409, "recommender-quota-reached");

        var raised = await SetQuotasAsync(admin, callId, await CallETagAsync(admin, callId), new { provinceCode = "44", quota = 2 });

        await Expect.StatusAsync(raised, HttpStatusCode.OK);
        var view = await raised.Content.ReadFromJsonAsync<JsonElement>();
        var authority = Assert.Single(view.GetProperty("authorities").EnumerateArray());
        Assert.Equal(("province:44", 2, 1), (authority.GetProperty("authority").GetString(), authority.GetProperty("quota").GetInt32(),
            authority.GetProperty("used").GetInt32()));
        Assert.Equal(raised.Headers.ETag!.Tag, await CallETagAsync(admin, callId));
        await Expect.StatusAsync(await Transitions.FireAsync(guangdong, applications[1], "recommend"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_quota_cannot_be_set_below_what_the_authority_has_recommended()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1, new { provinceCode = "44", quota = 2 });
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        foreach (var id in await SubmittedAsync(admin, callId, "44", 2))
            await Expect.StatusAsync(await Transitions.FireAsync(guangdong, id, "recommend"), HttpStatusCode.OK);
        var etag = await CallETagAsync(admin, callId);
        var rows = await CountRowsAsync();

        var lowered = await Expect.ProblemAsync(await SetQuotasAsync(admin, callId, etag, new { provinceCode = "44", quota = 1 }), 409,
            "authority-quota-below-used");
        // Left out, Guangdong would fall back to the call's quota of 1: below its 2 as well.
        var removed = await Expect.ProblemAsync(await SetQuotasAsync(admin, callId, etag), 409, "authority-quota-below-used");

        Assert.Equal((2, 1, "authorityQuotas[0].quota"), (lowered.GetProperty("used").GetInt32(), lowered.GetProperty("quota").GetInt32(),
            lowered.GetProperty("field").GetString()));
        Assert.Equal(1, removed.GetProperty("quota").GetInt32());
        Assert.Equal(rows, await CountRowsAsync());
        Assert.Equal(etag, await CallETagAsync(admin, callId));
        Assert.Equal(2, (await QuotaInAsync(admin, callId, "?provinceCode=44")).GetProperty("quota").GetInt32());
    }

    [Fact]
    public async Task Changing_the_quotas_needs_the_calls_current_version_an_administrator_and_a_call_not_finished()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1);
        var etag = await CallETagAsync(admin, callId);
        var recommender = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var rows = await CountRowsAsync();

        await Expect.ProblemAsync(await SetQuotasAsync(admin, callId, null, new { provinceCode = "44", quota = 2 }), 428, "precondition-required");
        await Expect.ProblemAsync(await SetQuotasAsync(admin, callId, "\"999\"", new { provinceCode = "44", quota = 2 }), 412, "precondition-failed");
        await Expect.ProblemAsync(await SetQuotasAsync(recommender, callId, etag, new { provinceCode = "44", quota = 2 }), 403, "forbidden");
        await Expect.ProblemAsync(await SetQuotasAsync(admin, Guid.NewGuid(), etag, new { provinceCode = "44", quota = 2 }), 404, "not-found");
        Assert.Equal(rows, await CountRowsAsync());

        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{callId}/close", null), HttpStatusCode.OK);
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{callId}/finish", null), HttpStatusCode.OK);
        rows = await CountRowsAsync();
        await Expect.ProblemAsync(await SetQuotasAsync(admin, callId, await CallETagAsync(admin, callId), new { provinceCode = "44", quota = 2 }),
            409, "conflict");
        Assert.Equal(rows, await CountRowsAsync());
    }

    public static TheoryData<object, string> BadAuthorityQuotas => new()
    {
        { new { provinceCode = "99", quota = 2 }, "authorityQuotas[0].provinceCode" },
        { new { provinceCode = "44", quota = -1 }, "authorityQuotas[0].quota" },
        { new { nationalBody = "无人知晓的协会", quota = 1 }, "authorityQuotas[0].nationalBody" },
        { new { provinceCode = "44", nationalBody = "中国通信企业协会", quota = 1 }, "authorityQuotas[0]" },
        { new { quota = 1 }, "authorityQuotas[0]" },
        { new { provinceCode = "4", quota = 1 }, "authorityQuotas[0].provinceCode" },
        // Guangzhou is a prefecture of Guangdong, not a sub-provincial city: it has no quota of its own to give.
        { new { cityCode = "4401", quota = 1 }, "authorityQuotas[0].cityCode" },
        { new { cityCode = "44", quota = 1 }, "authorityQuotas[0].cityCode" },
        { new { provinceCode = "44", cityCode = "4403", quota = 1 }, "authorityQuotas[0]" },
    };

    [Theory]
    [MemberData(nameof(BadAuthorityQuotas))]
    public async Task A_bad_authority_quota_is_refused_on_creating_a_call_and_on_changing_its_quotas(object quota, string field)
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 1);
        var etag = await CallETagAsync(admin, callId);
        var rows = await CountRowsAsync();

        var created = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", CallBody(1, [quota])), 400, "validation");
        var changed = await Expect.ProblemAsync(await SetQuotasAsync(admin, callId, etag, quota), 400, "validation");

        Assert.Contains(field, Expect.ErrorFields(created), StringComparer.OrdinalIgnoreCase);
        Assert.Contains(field, Expect.ErrorFields(changed), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(rows, await CountRowsAsync());
        Assert.Equal(etag, await CallETagAsync(admin, callId));
    }

    [Fact]
    public async Task An_authority_given_two_quotas_or_a_deadline_before_closing_is_refused()
    {
        var admin = await AsAdminAsync();
        var rows = await CountRowsAsync();

        var twice = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", CallBody(1,
            [new { provinceCode = "44", quota = 1 }, new { provinceCode = "44", quota = 2 }])), 400, "validation");
        var early = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/calls", CallBody(1, null, DateTimeOffset.UtcNow)), 400, "validation");

        Assert.Contains("authorityQuotas", Expect.ErrorFields(twice));
        Assert.Contains("recommendationDeadline", Expect.ErrorFields(early));
        Assert.Equal(rows, await CountRowsAsync());
    }

    [Fact]
    public async Task An_authoritys_quotas_are_shown_to_that_authority_and_to_administrators_only()
    {
        var admin = await AsAdminAsync();
        var callId = await OpenCallAsync(admin, 2, new { provinceCode = "44", quota = 4 });
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var jiangsu = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "32" });
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");

        Assert.Equal(4, (await QuotaInAsync(guangdong, callId, "?provinceCode=44")).GetProperty("quota").GetInt32());
        Assert.Equal(4, (await QuotaInAsync(admin, callId, "?provinceCode=44")).GetProperty("left").GetInt32());
        await Expect.ProblemAsync(await jiangsu.GetAsync("/api/recommendations/quotas?provinceCode=44"), 403, "forbidden");
        await Expect.ProblemAsync(await applicant.GetAsync("/api/recommendations/quotas"), 403, "forbidden");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/recommendations/quotas"), 401, "unauthenticated");
        await Expect.ProblemAsync(await admin.GetAsync("/api/recommendations/quotas"), 400, "validation");
        await Expect.ProblemAsync(await guangdong.GetAsync($"/api/calls/{callId}/authority-quotas"), 403, "forbidden");
        var answer = await jiangsu.GetFromJsonAsync<JsonElement>("/api/recommendations/quotas");
        Assert.Equal("province:32", answer.GetProperty("authority").GetString());
        Assert.Equal(2, answer.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("callId").GetGuid() == callId)
            .GetProperty("quota").GetInt32());
    }
}
