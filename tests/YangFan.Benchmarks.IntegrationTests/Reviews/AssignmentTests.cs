using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

public sealed class AssignmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<JsonElement> RefusedAsync(HttpClient admin, Guid applicationId, Guid expertId, int status, string type)
    {
        var before = await CountRowsAsync();
        var problem = await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/applications/{applicationId}/assignments", new { expertId }), status, type);
        Assert.Equal(before, await CountRowsAsync());
        return problem;
    }

    [Fact]
    public async Task An_expert_from_the_applicant_organisation_is_refused_naming_the_rule()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var expert = await ExpertAsync(Factory, admin, affiliation: await ApplicantCodeAsync(s));

        var problem = await RefusedAsync(admin, s.ApplicationId, expert.Id, 409, "conflict-of-interest");

        Assert.Equal("OwnOrganisation", problem.GetProperty("rules")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_expert_from_a_partner_named_in_the_application_is_refused()
    {
        var admin = await AsAdminAsync();
        var partner = TestData.NewCreditCode();
        var s = await InReviewAsync(Factory, admin, partner: partner);
        var expert = await ExpertAsync(Factory, admin, affiliation: partner);

        var problem = await RefusedAsync(admin, s.ApplicationId, expert.Id, 409, "conflict-of-interest");

        Assert.Equal("Partner", problem.GetProperty("rules")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_declared_conflict_excludes_the_expert()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var expert = await ExpertAsync(Factory, admin);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/experts/{expert.Id}/conflicts",
            new { creditCode = await ApplicantCodeAsync(s), reason = "曾为该企业提供咨询服务" }), HttpStatusCode.OK);

        var problem = await RefusedAsync(admin, s.ApplicationId, expert.Id, 409, "conflict-of-interest");

        Assert.Equal("DeclaredConflict", problem.GetProperty("rules")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_expert_from_the_applicants_province_is_refused_when_the_workflow_avoids_it()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var expert = await ExpertAsync(Factory, admin, province: "44");

        var problem = await RefusedAsync(admin, s.ApplicationId, expert.Id, 409, "conflict-of-interest");

        Assert.Equal("SameProvince", problem.GetProperty("rules")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_expert_from_the_recommending_body_is_refused()
    {
        var admin = await AsAdminAsync();
        var body = TestData.NewCreditCode();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var email = $"gd-{Guid.NewGuid():N}@example.cn";
        await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = "Recommender-Passw0rd", displayName = "广东省通信管理局", role = "Recommender",
            recommender = new { provinceCode = "44", creditCode = body },
        });
        var recommender = await Calls.SignedInAsync(Factory, email, "Recommender-Passw0rd");
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        var expert = await ExpertAsync(Factory, admin, affiliation: body);

        var problem = await RefusedAsync(admin, s.ApplicationId, expert.Id, 409, "conflict-of-interest");

        Assert.Equal("RecommendingBody", problem.GetProperty("rules")[0].GetProperty("rule").GetString());
        var conflicts = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/conflicts");
        Assert.Contains(conflicts!, c => c.GetProperty("expertId").GetGuid() == expert.Id);
    }

    [Fact]
    public async Task Capacity_organisation_state_and_duplicates_are_enforced()
    {
        var admin = await AsAdminAsync();
        var first = await InReviewAsync(Factory, admin);
        // A second application in the same call: capacity counts per call.
        var otherApplicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var secondId = await WorkflowBuilder.CreateApplicationAsync(otherApplicant, first.CallId);
        await Expect.StatusAsync(await Transitions.FireAsync(otherApplicant, secondId, "submit"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(first.Recommender, secondId, "recommend"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, secondId, "accept"), HttpStatusCode.OK);
        var busy = await ExpertAsync(Factory, admin, capacity: 1);
        var colleagueA = await ExpertAsync(Factory, admin);
        var colleagueB = await ExpertAsync(Factory, admin, affiliation: colleagueA.Affiliation);

        await AssignAsync(admin, first.ApplicationId, busy.Id);
        await RefusedAsync(admin, first.ApplicationId, busy.Id, 409, "duplicate");
        await RefusedAsync(admin, secondId, busy.Id, 409, "capacity-reached");
        await AssignAsync(admin, first.ApplicationId, colleagueA.Id);
        await RefusedAsync(admin, first.ApplicationId, colleagueB.Id, 409, "conflict");

        var draft = await WorkflowScenario.CreateAsync(Factory, admin);
        await RefusedAsync(admin, draft.ApplicationId, colleagueB.Id, 409, "conflict");
        await RefusedAsync(admin, first.ApplicationId, Guid.NewGuid(), 404, "not-found");
    }

    [Fact]
    public async Task Automatic_assignment_covers_every_application_and_a_dry_run_changes_nothing()
    {
        var admin = await AsAdminAsync();
        var scenarios = new List<WorkflowScenario>();
        for (var i = 0; i < 3; i++)
            scenarios.Add(await InReviewAsync(Factory, admin));
        var experts = new List<Expert>();
        foreach (var province in new[] { "11", "31", "32", "33", "51" })
            experts.Add(await ExpertAsync(Factory, admin, province: province, capacity: 3));
        var callIds = scenarios.Select(s => s.CallId).Distinct().ToList();

        var before = await CountRowsAsync();
        var dry = await admin.PostAsJsonAsync($"/api/calls/{callIds[0]}/assignments/auto", new { dryRun = true });
        await Expect.StatusAsync(dry, HttpStatusCode.OK);
        Assert.Equal(3, (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        Assert.Equal(before, await CountRowsAsync());

        var real = await admin.PostAsJsonAsync($"/api/calls/{callIds[0]}/assignments/auto", new { dryRun = false });
        await Expect.StatusAsync(real, HttpStatusCode.OK);
        var assignments = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{scenarios[0].ApplicationId}/assignments");
        Assert.Equal(3, assignments!.Length);
        Assert.Equal(3, assignments.Select(a => a.GetProperty("expertId").GetGuid()).Distinct().Count());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'assignments.auto-applied'"));
    }

    [Fact]
    public async Task Automatic_assignment_that_cannot_cover_an_application_gets_422_and_writes_nothing()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        await ExpertAsync(Factory, admin, province: "11");
        await ExpertAsync(Factory, admin, province: "44");
        var before = await CountRowsAsync();

        var problem = await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto", new { dryRun = false }),
            422, "assignment-infeasible");

        var uncovered = problem.GetProperty("uncovered").EnumerateArray().ToList();
        Assert.Equal(s.ApplicationId, Assert.Single(uncovered).GetProperty("applicationId").GetGuid());
        Assert.False(string.IsNullOrWhiteSpace(uncovered[0].GetProperty("reason").GetString()));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Expert_review_administration_is_for_admins_only()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var expert = await ExpertAsync(Factory, admin);

        await Expect.ProblemAsync(await expert.Client.PostAsJsonAsync($"/api/applications/{s.ApplicationId}/assignments", new { expertId = expert.Id }), 403, "forbidden");
        await Expect.ProblemAsync(await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}/conflicts"), 403, "forbidden");
        await Expect.ProblemAsync(await s.Applicant.GetAsync("/api/experts"), 403, "forbidden");
        await Expect.ProblemAsync(await s.Applicant.GetAsync($"/api/calls/{s.CallId}/ranking"), 403, "forbidden");
        await Expect.ProblemAsync(await s.Applicant.GetAsync("/api/me/assignments"), 403, "forbidden");
    }
}
