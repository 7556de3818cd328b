using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Organisations;

public sealed class ClaimTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "Claimant-Passw0rd";

    [Fact]
    public async Task A_claim_resolved_by_transfer_makes_the_claimant_owner_and_ends_the_former_members_access()
    {
        var admin = await AsAdminAsync();
        var code = TestData.NewCreditCode();
        var squatterTokens = await SquatAsync(code);
        var squatter = Factory.CreateClient().WithBearer(squatterTokens.GetProperty("accessToken").GetString()!);
        var organisationId = await OrganisationSteps.OrganisationOfAsync(squatter);
        var claimant = await ClaimantAsync("real@example.cn");

        var filed = await FileAsync(claimant, code, "我们是该企业的法定代表人授权人");
        await Expect.StatusAsync(filed, HttpStatusCode.Created);
        var claim = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pending", claim.GetProperty("status").GetString());
        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/organisation-claims");
        var listed = pending.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(organisationId, listed.GetProperty("organisationId").GetGuid());
        Assert.Equal(2, listed.GetProperty("documents").GetArrayLength());
        var evidence = listed.GetProperty("documents")[0].GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.GetAsync($"/api/organisation-documents/{evidence}"), HttpStatusCode.OK);
        await Expect.ProblemAsync(await squatter.GetAsync($"/api/organisation-documents/{evidence}"), 404, "not-found");

        var transferred = await admin.PostAsJsonAsync($"/api/organisation-claims/{claim.GetProperty("id").GetGuid()}/transfer",
            new { reason = "营业执照原件核验，授权书加盖公章" });
        await Expect.StatusAsync(transferred, HttpStatusCode.OK);

        var me = await claimant.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(organisationId, me.GetProperty("organisation").GetProperty("id").GetGuid());
        Assert.Equal("Verified", me.GetProperty("organisation").GetProperty("verification").GetString());
        var members = await claimant.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/members");
        Assert.Equal("Owner", members.GetProperty("members").EnumerateArray().Single().GetProperty("role").GetString());
        // The former registrant's session ends at once, and so does its refresh token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await squatter.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().PostAsJsonAsync("/api/auth/refresh",
            new { refreshToken = squatterTokens.GetProperty("refreshToken").GetString() })).StatusCode);
        // Nothing is deleted: the claim and the former membership stay readable.
        var mine = await claimant.GetFromJsonAsync<JsonElement>("/api/me/organisation-claims");
        Assert.Equal("Transferred", mine.GetProperty("items")[0].GetProperty("status").GetString());
        var asAdmin = await admin.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/members");
        Assert.Equal("ClaimTransferred", asAdmin.GetProperty("formerMembers").EnumerateArray().Single().GetProperty("endReason").GetString());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'organisation.claim-transferred' AND \"EntityId\" = '{organisationId}'"));
    }

    [Fact]
    public async Task Refusing_a_claim_needs_a_reason_and_leaves_the_organisation_as_it_was()
    {
        var admin = await AsAdminAsync();
        var code = TestData.NewCreditCode();
        var registrant = Factory.CreateClient().WithBearer((await SquatAsync(code)).GetProperty("accessToken").GetString()!);
        var claimant = await ClaimantAsync("claimant@example.cn");
        var claimId = (await (await FileAsync(claimant, code, null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisation-claims/{claimId}/refuse", new { reason = "" }), 400, "validation");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisation-claims/{claimId}/transfer", new { reason = " " }), 400, "validation");
        await Expect.ProblemAsync(await claimant.PostAsJsonAsync($"/api/organisation-claims/{claimId}/transfer", new { reason = "我自己批准" }), 403, "forbidden");
        Assert.Equal(before, await CountRowsAsync());

        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisation-claims/{claimId}/refuse", new { reason = "授权书无公章" }), HttpStatusCode.OK);
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisation-claims/{claimId}/transfer", new { reason = "改变主意了" }), 409, "claim-decided");

        await Expect.StatusAsync(await registrant.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, (await claimant.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").ValueKind);
        var mine = await claimant.GetFromJsonAsync<JsonElement>("/api/me/organisation-claims");
        Assert.Equal("授权书无公章", mine.GetProperty("items")[0].GetProperty("decisionReason").GetString());
        var refused = await admin.GetFromJsonAsync<JsonElement>("/api/organisation-claims?status=Refused");
        Assert.Equal(claimId, refused.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_claim_needs_an_account_without_an_organisation_a_registered_code_and_both_documents()
    {
        var code = TestData.NewCreditCode();
        await SquatAsync(code);
        await Calls.RegisterAsync(Anonymous(), "has-one@example.cn");
        var withOrganisation = await Calls.SignedInAsync(Factory, "has-one@example.cn", "Applicant-Passw0rd");
        var claimant = await ClaimantAsync("claimant@example.cn");
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await FileAsync(withOrganisation, code, null), 409, "already-in-organisation");
        await Expect.ProblemAsync(await FileAsync(claimant, TestData.NewCreditCode(), null), 400, "validation");
        var onlyLicence = new MultipartFormDataContent
        {
            { new StringContent(code), "creditCode" },
            { new ByteArrayContent(TestData.LicencePdf), "businessLicence", "licence.pdf" },
        };
        await Expect.ProblemAsync(await claimant.PostAsync("/api/organisation-claims", onlyLicence), 400, "validation");
        Assert.Equal(before, await CountRowsAsync());

        await Expect.StatusAsync(await FileAsync(claimant, code, null), HttpStatusCode.Created);
        await Expect.ProblemAsync(await FileAsync(claimant, code, null), 409, "duplicate");
    }

    /// <summary>Someone registers the credit code first, and returns their tokens.</summary>
    private async Task<JsonElement> SquatAsync(string code)
    {
        await Calls.RegisterAsync(Anonymous(), $"squatter-{Guid.NewGuid():N}@example.cn", code);
        var email = await ScalarAsync<string>($"SELECT u.\"Email\" FROM \"AspNetUsers\" u JOIN \"Organisations\" o ON o.\"Id\" = u.\"OrganisationId\" WHERE o.\"CreditCode\" = '{code}'");
        return await Calls.TokenAsync(Anonymous(), email!, "Applicant-Passw0rd");
    }

    private async Task<HttpClient> ClaimantAsync(string email)
    {
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "真正的法人代表" }),
            HttpStatusCode.Created);
        return await Calls.SignedInAsync(Factory, email, Password);
    }

    private static Task<HttpResponseMessage> FileAsync(HttpClient claimant, string code, string? statement)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(code), "creditCode" },
            { new ByteArrayContent(TestData.LicencePdf), "businessLicence", "营业执照.pdf" },
            { new ByteArrayContent(TestData.LetterPng), "authorisationLetter", "授权书.png" },
        };
        if (statement is not null)
            form.Add(new StringContent(statement), "statement");
        return claimant.PostAsync("/api/organisation-claims", form);
    }
}
