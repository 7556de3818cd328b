using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>Recommending authorities' accounts and the submitted applications they recommend, over HTTP.</summary>
public static class Recommenders
{
    /// <summary>A recommender account for the jurisdiction (<c>new { provinceCode }</c> or <c>new { nationalBody }</c>), signed in.</summary>
    public static async Task<HttpClient> CreateAsync(WebApplicationFactory<Program> factory, HttpClient admin, object jurisdiction)
    {
        var email = $"r-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = "Recommender-Passw0rd", displayName = "推荐单位", role = "Recommender", recommender = jurisdiction,
        }), HttpStatusCode.Created);
        return await Calls.SignedInAsync(factory, email, "Recommender-Passw0rd");
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
}
