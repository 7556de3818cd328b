using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Organisations;

public sealed class VerificationTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task An_unverified_organisation_prepares_a_draft_but_its_submit_is_refused_naming_organisation_verified()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, verified: false);

        var actions = await s.Applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/actions");
        var submit = actions!.Single(a => a.GetProperty("trigger").GetString() == "submit");
        Assert.False(submit.GetProperty("enabled").GetBoolean());
        Assert.Equal(["organisation-verified"], submit.GetProperty("unmetGuards").EnumerateArray().Select(g => g.GetProperty("name").GetString()));

        var before = await CountRowsAsync();
        var problem = await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "guards-unmet");
        Assert.Equal("organisation-verified", problem.GetProperty("unmetGuards").EnumerateArray().Single().GetProperty("name").GetString());
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal("Draft", await s.StateAsync());
    }

    [Fact]
    public async Task The_guard_holds_for_calls_pinned_to_a_workflow_version_that_does_not_name_it()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, verified: false);
        var version = (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}")).GetProperty("workflowVersion").GetInt32();
        var definition = await admin.GetStringAsync($"/api/workflows/demonstration-benchmark/versions/{version}");
        // The shipped definition the call is pinned to was written before verification existed.
        Assert.DoesNotContain("organisation-verified", definition);

        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "guards-unmet");

        await OrganisationSteps.VerifyOrganisationAsync(s.Applicant, admin);
        Assert.Equal("Submitted", await s.MoveAsync(s.Applicant, "submit"));
    }

    [Fact]
    public async Task Asking_for_verification_without_both_documents_is_refused_and_changes_nothing()
    {
        var member = await RegisteredAsync("member@example.cn");
        var organisationId = await OrganisationSteps.OrganisationOfAsync(member);
        await Expect.StatusAsync(await OrganisationSteps.UploadAsync(member, organisationId, "BusinessLicence", TestData.LicencePdf, "licence.pdf"),
            HttpStatusCode.Created);
        var before = await CountRowsAsync();

        var problem = await Expect.ProblemAsync(await member.PostAsync($"/api/organisations/{organisationId}/verification/request", null),
            409, "verification-documents-missing");

        Assert.Equal(["AuthorisationLetter"], problem.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(before, await CountRowsAsync());
        var verification = await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/verification");
        Assert.Equal("DocumentsMissing", verification.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Documents_must_be_pdf_png_or_jpeg_by_their_content()
    {
        var member = await RegisteredAsync("member@example.cn");
        var organisationId = await OrganisationSteps.OrganisationOfAsync(member);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await OrganisationSteps.UploadAsync(member, organisationId, "BusinessLicence",
            Encoding.UTF8.GetBytes("not a scan"), "licence.pdf"), 415, "unsupported-media-type");
        await Expect.ProblemAsync(await OrganisationSteps.UploadAsync(member, organisationId, "Selfie", TestData.LicencePdf, "x.pdf"),
            400, "validation");

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Administrators_see_the_queue_oldest_first_and_a_verified_organisation_submits()
    {
        var admin = await AsAdminAsync();
        var first = await RegisteredAsync("first@example.cn");
        var second = await RegisteredAsync("second@example.cn");
        var firstId = await OrganisationSteps.OrganisationOfAsync(first);
        var secondId = await OrganisationSteps.OrganisationOfAsync(second);
        await OrganisationSteps.RequestVerificationAsync(first, firstId);
        await OrganisationSteps.RequestVerificationAsync(second, secondId);

        var queue = await admin.GetFromJsonAsync<JsonElement>("/api/organisation-verifications?pageSize=10");
        Assert.Equal([firstId, secondId], queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("organisationId").GetGuid()));
        Assert.Equal(2, queue.GetProperty("items")[0].GetProperty("documents").GetArrayLength());
        var licence = queue.GetProperty("items")[0].GetProperty("documents").EnumerateArray()
            .Single(d => d.GetProperty("kind").GetString() == "BusinessLicence").GetProperty("id").GetGuid();
        Assert.Equal(TestData.LicencePdf, await admin.GetByteArrayAsync($"/api/organisation-documents/{licence}"));
        var onePage = await admin.GetFromJsonAsync<JsonElement>("/api/organisation-verifications?pageSize=1&page=2");
        Assert.Equal(secondId, onePage.GetProperty("items")[0].GetProperty("organisationId").GetGuid());
        Assert.Equal(2, onePage.GetProperty("total").GetInt32());

        var verified = await admin.PostAsJsonAsync($"/api/organisations/{firstId}/verification/verify", new { reason = "执照与授权书一致" });
        await Expect.StatusAsync(verified, HttpStatusCode.OK);
        Assert.Equal("Verified", (await first.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").GetProperty("verification").GetString());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'organisation.verified' AND \"EntityId\" = '{firstId}'"));
        var remaining = await admin.GetFromJsonAsync<JsonElement>("/api/organisation-verifications");
        Assert.Equal([secondId], remaining.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("organisationId").GetGuid()));

        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var applicationId = await WorkflowBuilder.CreateApplicationAsync(first, callId);
        await Expect.StatusAsync(await Transitions.FireAsync(first, applicationId, "submit"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_the_members_read_and_they_may_upload_again_and_ask_again()
    {
        var admin = await AsAdminAsync();
        var member = await RegisteredAsync("member@example.cn");
        var organisationId = await OrganisationSteps.OrganisationOfAsync(member);
        await OrganisationSteps.RequestVerificationAsync(member, organisationId);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/refuse", new { reason = "" }), 400, "validation");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/refuse", new { }), 400, "validation");
        Assert.Equal(before, await CountRowsAsync());

        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/refuse",
            new { reason = "营业执照已过期" }), HttpStatusCode.OK);
        var refused = await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/verification");
        Assert.Equal("Refused", refused.GetProperty("status").GetString());
        Assert.Equal("营业执照已过期", refused.GetProperty("reason").GetString());
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/verify", new { }),
            409, "verification-not-awaiting");

        await OrganisationSteps.RequestVerificationAsync(member, organisationId);
        var again = await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/verification");
        Assert.Equal("AwaitingReview", again.GetProperty("status").GetString());
        Assert.Equal(1, await ScalarAsync<long>(
            $"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'organisation.verification-refused' AND \"EntityId\" = '{organisationId}'"));
    }

    [Fact]
    public async Task Only_administrators_see_the_queue_and_decide_and_outsiders_see_no_organisation()
    {
        var member = await RegisteredAsync("member@example.cn");
        var outsider = await RegisteredAsync("outsider@example.cn");
        var organisationId = await OrganisationSteps.OrganisationOfAsync(member);
        await OrganisationSteps.RequestVerificationAsync(member, organisationId);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await member.GetAsync("/api/organisation-verifications"), 403, "forbidden");
        await Expect.ProblemAsync(await member.PostAsJsonAsync($"/api/organisations/{organisationId}/verification/verify", new { }), 403, "forbidden");
        await Expect.ProblemAsync(await outsider.GetAsync($"/api/organisations/{organisationId}/verification"), 404, "not-found");
        await Expect.ProblemAsync(await OrganisationSteps.UploadAsync(outsider, organisationId, "BusinessLicence", TestData.LicencePdf, "x.pdf"),
            404, "not-found");
        var documentId = (await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/verification"))
            .GetProperty("documents")[0].GetProperty("id").GetGuid();
        await Expect.ProblemAsync(await outsider.GetAsync($"/api/organisation-documents/{documentId}"), 404, "not-found");
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<HttpClient> RegisteredAsync(string email)
    {
        await Calls.RegisterAsync(Anonymous(), email);
        return await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
    }
}
