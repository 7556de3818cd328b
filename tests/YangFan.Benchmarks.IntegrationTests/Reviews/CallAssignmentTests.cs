using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>
/// What the console's assignment page reads and sends: the automatic assigner's dry run with each expert's load and the
/// experts a conflict excluded, applying exactly the previewed plan (or nothing when it changed), and the call's
/// applications in review with their assignments, late reviews and eligible experts.
/// </summary>
public sealed class CallAssignmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_dry_run_gives_loads_and_the_experts_a_conflict_excluded_and_applying_its_fingerprint_writes_that_plan()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var experts = new List<Expert>();
        foreach (var province in new[] { "11", "31", "32" })
            experts.Add(await ExpertAsync(Factory, admin, province: province, capacity: 2));
        var local = await ExpertAsync(Factory, admin, province: "44");
        var before = await CountRowsAsync();

        var dry = await (await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto", new { dryRun = true }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(before, await CountRowsAsync());
        var loads = dry.GetProperty("loads").EnumerateArray().ToList();
        Assert.Equal(experts.Select(e => e.Id).Order(), loads.Select(l => l.GetProperty("expertId").GetGuid()).Order());
        Assert.All(loads, l =>
        {
            Assert.Equal(0, l.GetProperty("current").GetInt32());
            Assert.Equal(1, l.GetProperty("proposed").GetInt32());
            Assert.Equal(2, l.GetProperty("capacity").GetInt32());
        });
        var excluded = Assert.Single(dry.GetProperty("excluded").EnumerateArray());
        Assert.Equal(s.ApplicationId, excluded.GetProperty("applicationId").GetGuid());
        Assert.Equal(local.Id, excluded.GetProperty("expertId").GetGuid());
        Assert.Equal(local.Name, excluded.GetProperty("expertName").GetString());
        Assert.Equal("SameProvince", excluded.GetProperty("rules")[0].GetProperty("rule").GetString());

        var applied = await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto",
            new { dryRun = false, expectedFingerprint = dry.GetProperty("fingerprint").GetString() });
        await Expect.StatusAsync(applied, HttpStatusCode.OK);
        var assigned = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/assignments");
        Assert.Equal(experts.Select(e => e.Id).Order(), assigned!.Select(a => a.GetProperty("expertId").GetGuid()).Order());
    }

    [Fact]
    public async Task Applying_a_dry_run_whose_plan_has_changed_is_refused_and_writes_nothing()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var experts = new List<Expert>();
        foreach (var province in new[] { "11", "31", "32", "33" })
            experts.Add(await ExpertAsync(Factory, admin, province: province));
        var dry = await (await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto", new { dryRun = true }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var proposed = dry.GetProperty("assignments").EnumerateArray().Select(a => a.GetProperty("expertId").GetGuid()).ToHashSet();
        // Another administrator assigns by hand the expert the plan left out: the plan no longer holds.
        await AssignAsync(admin, s.ApplicationId, experts.Single(e => !proposed.Contains(e.Id)).Id);
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto",
            new { dryRun = false, expectedFingerprint = dry.GetProperty("fingerprint").GetString() }), 409, "assignment-plan-changed");

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task The_call_lists_its_applications_in_review_with_assignments_late_reviews_and_eligible_experts()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, experts: 2);
        var spare = await ExpertAsync(Factory, admin, province: "51");
        await ExpertAsync(Factory, admin, province: "44");
        await Expect.StatusAsync(await admin.DeleteAsync($"/api/applications/{s.ApplicationId}/assignments/{assignments[1]}"), HttpStatusCode.NoContent);
        await ExecuteAsync($"UPDATE \"Assignments\" SET \"DueAt\" = now() - interval '3 days 1 hour' WHERE \"Id\" = '{assignments[0]}'");

        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{s.CallId}/assignments");

        Assert.Equal(1, all.GetProperty("total").GetInt32());
        var item = all.GetProperty("items")[0];
        Assert.Equal(s.ApplicationId, item.GetProperty("applicationId").GetGuid());
        Assert.Equal(1, item.GetProperty("reviewers").GetInt32());
        Assert.True(item.GetProperty("shortOfReviewers").GetBoolean());
        var rows = item.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal(["pending", "removed"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.True(rows[0].GetProperty("overdue").GetBoolean());
        Assert.Equal(3, rows[0].GetProperty("daysLate").GetInt32());
        Assert.Equal(experts[0].Name, rows[0].GetProperty("expertName").GetString());
        // The removed expert left this round, the local one is conflicted: only the spare may be given the application.
        Assert.Equal([spare.Id], item.GetProperty("eligible").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));

        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{s.CallId}/assignments?filter=late")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{s.CallId}/assignments?filter=short")).GetProperty("total").GetInt32());
        await AssignAsync(admin, s.ApplicationId, spare.Id);
        var third = await ExpertAsync(Factory, admin, province: "33");
        await AssignAsync(admin, s.ApplicationId, third.Id);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{s.CallId}/assignments?filter=short")).GetProperty("total").GetInt32());
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{s.CallId}/assignments?filter=everything"), 400, "validation");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{Guid.NewGuid()}/assignments"), 404, "not-found");
        await Expect.ProblemAsync(await s.Applicant.GetAsync($"/api/calls/{s.CallId}/assignments"), 403, "forbidden");
    }
}
