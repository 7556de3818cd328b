using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>Recommending authorities' accounts and the submitted applications they recommend, over HTTP.</summary>
public static class Recommenders
{
    public const string Password = "Recommender-Passw0rd";

    /// <summary>A recommender account for the jurisdiction (<c>new { provinceCode }</c> or <c>new { nationalBody }</c>), signed in.</summary>
    public static async Task<HttpClient> CreateAsync(WebApplicationFactory<Program> factory, HttpClient admin, object jurisdiction) =>
        await Calls.SignedInAsync(factory, await AccountAsync(admin, jurisdiction), Password);

    /// <summary>A new recommender account for the jurisdiction; its e-mail, to sign in with <see cref="Password"/> (on another process too).</summary>
    public static async Task<string> AccountAsync(HttpClient admin, object jurisdiction)
    {
        var email = $"r-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = Password, displayName = "推荐单位", role = "Recommender", recommender = jurisdiction,
        }), HttpStatusCode.Created);
        return email;
    }

    /// <summary>A new, verified organisation of the province that submits a security-centre application to the call.</summary>
    public static async Task<(Guid ApplicationId, Guid OrganisationId)> SubmittedAsync(WebApplicationFactory<Program> factory, HttpClient admin,
        Guid callId, string province = "44")
    {
        var email = $"a-{Guid.NewGuid():N}@example.cn";
        var body = JsonSerializer.Serialize(Calls.Registration(email, TestData.NewCreditCode(province)));
        var registered = await (await factory.CreateClient().PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var applicant = await Calls.SignedInAsync(factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, "security-centre");
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);
        return (id, registered.GetProperty("organisationId").GetGuid());
    }

    /// <summary>
    /// An open security-centre call, opened a day ago, closing in 30 days, whose recommendation deadline is
    /// <paramref name="deadlineDays"/> days from now (at midnight UTC).
    /// </summary>
    public static async Task<(Guid Id, DateTimeOffset Deadline)> OpenCallAsync(HttpClient admin, int deadlineDays = 45)
    {
        var now = DateTimeOffset.UtcNow;
        var deadline = new DateTimeOffset(now.AddDays(deadlineDays).UtcDateTime.Date, TimeSpan.Zero);
        var created = await admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "security-centre", year = 2026, batch = 1, titleZh = "2026 年安全创新示范中心", titleEn = "2026 security centres",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), recommendationDeadline = deadline,
        });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{id}/open", null), HttpStatusCode.OK);
        return (id, deadline);
    }

    /// <summary>The recommender's ranking in the call and its ETag.</summary>
    public static async Task<(JsonElement Ranking, string ETag)> RankingAsync(HttpClient recommender, Guid callId)
    {
        var response = await recommender.GetAsync($"/api/recommendations/calls/{callId}/ranking");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    /// <summary>The ranking's application ids, first ranked first.</summary>
    public static Guid[] RankedIds(JsonElement ranking) =>
        ranking.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("applicationId").GetGuid()).ToArray();

    /// <summary>Saves an order of the ranking, with <paramref name="ifMatch"/> as If-Match when given.</summary>
    public static Task<HttpResponseMessage> SaveRankingAsync(HttpClient recommender, Guid callId, IEnumerable<Guid> applicationIds, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/recommendations/calls/{callId}/ranking")
        {
            Content = JsonContent.Create(new { applicationIds }),
        };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return recommender.SendAsync(request);
    }
}
