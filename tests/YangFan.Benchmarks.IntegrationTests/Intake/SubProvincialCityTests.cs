using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>
/// The five sub-provincial cities (计划单列市) recommend on their own: an organisation registered in Shenzhen is
/// Shenzhen's to recommend, not Guangdong's, by the city its application was submitted under.
/// </summary>
public sealed class SubProvincialCityTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Reason = "经核对营业执照，登记机关为市场监督管理局";

    private static async Task<List<Guid>> PendingAsync(HttpClient recommender) =>
        (await recommender.GetFromJsonAsync<JsonElement[]>("/api/recommendations/pending"))!.Select(p => p.GetProperty("id").GetGuid()).ToList();

    private async Task<(HttpClient Applicant, Guid OrganisationId)> ApplicantAsync(HttpClient admin, string division)
    {
        var email = $"a-{Guid.NewGuid():N}@example.cn";
        var registered = await Calls.RegisterAsync(Anonymous(), email, TestData.NewCreditCode(division));
        var applicant = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        return (applicant, registered.GetProperty("organisationId").GetGuid());
    }

    private static async Task<Guid> SubmittedAsync(HttpClient applicant, Guid callId, string sector = "industrial-internet")
    {
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, sector: sector);
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);
        return id;
    }

    /// <summary>An open demonstration-benchmark call, and a recommender each for Guangdong and for Shenzhen.</summary>
    private async Task<(HttpClient Admin, Guid CallId, HttpClient Guangdong, HttpClient Shenzhen)> GuangdongAndShenzhenAsync()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var guangdong = await Recommenders.CreateAsync(Factory, admin, new { provinceCode = "44" });
        var shenzhen = await Recommenders.CreateAsync(Factory, admin, new { cityCode = "4403" });
        return (admin, callId, guangdong, shenzhen);
    }

    private static Task<HttpResponseMessage> OverrideCityAsync(HttpClient client, Guid organisationId, string? city) =>
        client.PutAsJsonAsync($"/api/organisations/{organisationId}/city", new { cityCode = city, reason = Reason });

    private static async Task<string?> CityOfAsync(HttpClient client, Guid organisationId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}")).GetProperty("cityCode").GetString();

    [Fact]
    public async Task The_five_cities_are_reference_data_with_their_provinces()
    {
        var cities = await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/cities");

        Assert.Equal([("2102", "21", "大连市"), ("3302", "33", "宁波市"), ("3502", "35", "厦门市"), ("3702", "37", "青岛市"), ("4403", "44", "深圳市")],
            cities!.Select(c => (c.GetProperty("code").GetString(), c.GetProperty("provinceCode").GetString(), c.GetProperty("nameZh").GetString())));
        Assert.Equal("Shenzhen", cities![4].GetProperty("nameEn").GetString());
    }

    [Fact]
    public async Task A_Shenzhen_applicant_is_in_Shenzhens_queue_and_Guangdongs_recommender_is_refused_on_it()
    {
        var (admin, callId, guangdong, shenzhen) = await GuangdongAndShenzhenAsync();
        var (shenzhenApplicant, shenzhenOrganisation) = await ApplicantAsync(admin, "4403");
        var (guangzhouApplicant, guangzhouOrganisation) = await ApplicantAsync(admin, "44");
        var fromShenzhen = await SubmittedAsync(shenzhenApplicant, callId);
        var fromGuangzhou = await SubmittedAsync(guangzhouApplicant, callId);
        var rows = await CountRowsAsync();

        Assert.Equal("4403", await CityOfAsync(admin, shenzhenOrganisation));
        Assert.Null(await CityOfAsync(admin, guangzhouOrganisation));
        Assert.Equal([fromShenzhen], await PendingAsync(shenzhen));
        Assert.Equal([fromGuangzhou], await PendingAsync(guangdong));
        await Expect.ProblemAsync(await Transitions.FireAsync(guangdong, fromShenzhen, "recommend"), 404, "not-found");
        await Expect.ProblemAsync(await guangdong.GetAsync($"/api/applications/{fromShenzhen}"), 404, "not-found");
        await Expect.ProblemAsync(await Transitions.FireAsync(shenzhen, fromGuangzhou, "recommend"), 404, "not-found");
        Assert.Equal(rows, await CountRowsAsync());
        var listed = await guangdong.GetFromJsonAsync<JsonElement>("/api/applications");
        Assert.Equal([fromGuangzhou], listed.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));

        await Expect.StatusAsync(await Transitions.FireAsync(shenzhen, fromShenzhen, "recommend"), HttpStatusCode.OK);
        Assert.Equal("city:4403", await ScalarAsync<string>($"SELECT \"RecommendingAuthority\" FROM \"Applications\" WHERE \"Id\" = '{fromShenzhen}'"));
        Assert.Equal("4403", await ScalarAsync<string>($"SELECT \"SubmittedCityCode\" FROM \"Applications\" WHERE \"Id\" = '{fromShenzhen}'"));
        Assert.Equal("44", await ScalarAsync<string>($"SELECT \"SubmittedProvinceCode\" FROM \"Applications\" WHERE \"Id\" = '{fromShenzhen}'"));
    }

    [Fact]
    public async Task An_administrators_change_of_city_applies_to_later_submissions_only()
    {
        var (admin, callId, guangdong, shenzhen) = await GuangdongAndShenzhenAsync();
        var (applicant, organisationId) = await ApplicantAsync(admin, "4403");
        var earlier = await SubmittedAsync(applicant, callId);

        var cleared = await OverrideCityAsync(admin, organisationId, null);
        await Expect.StatusAsync(cleared, HttpStatusCode.OK);
        var later = await SubmittedAsync(applicant, callId, sector: "smart-ports");

        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cityCode").ValueKind);
        Assert.Equal([earlier], await PendingAsync(shenzhen));
        Assert.Equal([later], await PendingAsync(guangdong));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'organisation.city-overridden'"));

        await Expect.StatusAsync(await OverrideCityAsync(admin, organisationId, "4403"), HttpStatusCode.OK);
        Assert.Equal("4403", await CityOfAsync(applicant, organisationId));
    }

    [Fact]
    public async Task A_city_outside_the_organisations_province_or_not_a_sub_provincial_city_is_refused_and_applicants_cannot_change_it()
    {
        var admin = await AsAdminAsync();
        var (applicant, organisationId) = await ApplicantAsync(admin, "44");
        var rows = await CountRowsAsync();

        var elsewhere = await Expect.ProblemAsync(await OverrideCityAsync(admin, organisationId, "3702"), 400, "validation");
        var unknown = await Expect.ProblemAsync(await OverrideCityAsync(admin, organisationId, "4401"), 400, "validation");
        await Expect.ProblemAsync(await OverrideCityAsync(applicant, organisationId, "4403"), 403, "forbidden");
        var read = await applicant.GetAsync($"/api/organisations/{organisationId}");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/organisations/{organisationId}")
        {
            Content = JsonContent.Create(new
            {
                kind = "Enterprise", provinceCode = "44", cityCode = "4403", address = "广东省深圳市南山区", contactPerson = "李工", contactPhone = "13800138000",
            }),
        };
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        var locked = await Expect.ProblemAsync(await applicant.SendAsync(request), 409, "dedicated-endpoint");

        Assert.Contains("cityCode", Expect.ErrorFields(elsewhere));
        Assert.Contains("cityCode", Expect.ErrorFields(unknown));
        Assert.Equal(("cityCode", "PUT /api/organisations/{id}/city"), (locked.GetProperty("field").GetString(), locked.GetProperty("endpoint").GetString()));
        Assert.Equal(rows, await CountRowsAsync());
        Assert.Null(await CityOfAsync(admin, organisationId));
    }

    [Fact]
    public async Task A_province_moved_by_an_administrator_takes_the_city_with_it()
    {
        var admin = await AsAdminAsync();
        var (_, organisationId) = await ApplicantAsync(admin, "4403");

        await Expect.StatusAsync(await admin.PutAsJsonAsync($"/api/organisations/{organisationId}/province", new { provinceCode = "11", reason = Reason }),
            HttpStatusCode.OK);

        Assert.Null(await CityOfAsync(admin, organisationId));
    }

    [Fact]
    public async Task A_recommender_account_is_created_for_a_sub_provincial_city_only()
    {
        var admin = await AsAdminAsync();
        var rows = await CountRowsAsync();
        object Body(object recommender) => new
        {
            email = $"r-{Guid.NewGuid():N}@example.cn", password = "Recommender-Passw0rd", displayName = "深圳市工业和信息化局", role = "Recommender", recommender,
        };

        var guangzhou = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/users", Body(new { cityCode = "4401" })), 400, "validation");
        var both = await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/users", Body(new { provinceCode = "44", cityCode = "4403" })), 400, "validation");
        Assert.Contains("recommender.cityCode", Expect.ErrorFields(guangzhou), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("recommender", Expect.ErrorFields(both), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(rows, await CountRowsAsync());

        var created = await admin.PostAsJsonAsync("/api/users", Body(new { cityCode = "4403" }));
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var profile = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recommender");
        Assert.Equal(("4403", JsonValueKind.Null), (profile.GetProperty("cityCode").GetString(), profile.GetProperty("provinceCode").ValueKind));
    }
}
