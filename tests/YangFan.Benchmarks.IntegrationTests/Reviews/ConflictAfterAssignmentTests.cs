using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>A conflict of interest declared by the expert, or given by an administrator, after the expert was assigned.</summary>
public sealed class ConflictAfterAssignmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static async Task GiveConflictAsync(HttpClient admin, Expert expert, string creditCode) =>
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/experts/{expert.Id}/conflicts",
            new { creditCode, reason = "专家近期受聘于该企业" }), HttpStatusCode.OK);

    private static async Task<JsonElement> ListedAsync(HttpClient admin, Guid applicationId, Guid assignmentId) =>
        (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{applicationId}/assignments"))!
        .Single(a => a.GetProperty("id").GetGuid() == assignmentId);

    private static async Task<JsonElement> RankedAsync(HttpClient admin, WorkflowScenario s) =>
        (await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{s.CallId}/ranking"))!
        .SelectMany(g => g.GetProperty("applications").EnumerateArray())
        .Single(a => a.GetProperty("applicationId").GetGuid() == s.ApplicationId);

    private Task<long> AuditedAsync(Guid assignmentId) =>
        ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'assignment.conflicted' AND \"Summary\" LIKE '%{assignmentId}%'");

    /// <summary>A review the expert can no longer read the version of: the refusal comes before If-Match.</summary>
    private static async Task<HttpResponseMessage> LateReviewAsync(HttpClient admin, Expert expert, WorkflowScenario s, Guid assignmentId) =>
        await ReviewAsync(expert.Client, assignmentId, Scores(95),
            ifMatch: $"\"{(await ListedAsync(admin, s.ApplicationId, assignmentId)).GetProperty("version").GetInt32()}\"");

    [Fact]
    public async Task A_conflict_given_by_an_admin_after_assignment_ends_the_assignment_and_refuses_the_experts_reads_and_review()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);

        await GiveConflictAsync(admin, experts[0], await ApplicantCodeAsync(s));

        var listed = await ListedAsync(admin, s.ApplicationId, assignments[0]);
        Assert.Equal("Conflicted", listed.GetProperty("status").GetString());
        Assert.True(listed.GetProperty("replacementNeeded").GetBoolean());
        Assert.Equal(1, await AuditedAsync(assignments[0]));
        Assert.Equal("Assigned", (await ListedAsync(admin, s.ApplicationId, assignments[1])).GetProperty("status").GetString());
        await Expect.ProblemAsync(await experts[0].Client.GetAsync($"/api/applications/{s.ApplicationId}"), 404, "not-found");
        await Expect.ProblemAsync(await experts[0].Client.GetAsync($"/api/applications/{s.ApplicationId}/history"), 404, "not-found");
        Assert.Empty((await experts[0].Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!);
        var before = await CountRowsAsync();
        await Expect.ProblemAsync(await LateReviewAsync(admin, experts[0], s, assignments[0]), 409, "assignment-conflicted");
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(1, await ScalarAsync<long>(
            $"SELECT count(*) FROM \"Notifications\" WHERE \"RecipientRole\" = 'Admin' AND \"ApplicationId\" = '{s.ApplicationId}'"));
    }

    private static async Task UpdateProfileAsync(HttpClient admin, Expert expert, string affiliation, string province) =>
        await Expect.StatusAsync(await admin.PutAsJsonAsync($"/api/experts/{expert.Id}", new
        {
            affiliationCreditCode = affiliation, provinceCode = province, sectors = new[] { "industrial-internet", "smart-ports" },
            maxAssignmentsPerCall = 10, active = true,
        }), HttpStatusCode.OK);

    [Fact]
    public async Task A_profile_change_that_puts_an_assigned_expert_in_conflict_ends_the_assignment()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);

        // Now employed by the applicant; and moved into the applicant's province, which this review avoids.
        await UpdateProfileAsync(admin, experts[0], await ApplicantCodeAsync(s), "31");
        await UpdateProfileAsync(admin, experts[1], experts[1].Affiliation, "44");
        // A change that creates no conflict keeps the assignment.
        await UpdateProfileAsync(admin, experts[2], experts[2].Affiliation, "65");

        Assert.Equal(["Conflicted", "Conflicted", "Assigned"],
            await Task.WhenAll(assignments.Select(async a => (await ListedAsync(admin, s.ApplicationId, a)).GetProperty("status").GetString()!)));
        Assert.Equal(1, await AuditedAsync(assignments[0]));
        Assert.Equal(1, await AuditedAsync(assignments[1]));
        Assert.Equal(0, await AuditedAsync(assignments[2]));
        await Expect.ProblemAsync(await experts[0].Client.GetAsync($"/api/applications/{s.ApplicationId}"), 404, "not-found");
        await Expect.ProblemAsync(await LateReviewAsync(admin, experts[1], s, assignments[1]), 409, "assignment-conflicted");
    }

    [Fact]
    public async Task A_conflict_the_expert_declares_ends_their_other_assignments_with_that_organisation_as_applicant_or_partner()
    {
        var admin = await AsAdminAsync();
        var first = await InReviewAsync(Factory, admin);
        var code = await ApplicantCodeAsync(first);
        var partnering = await InReviewAsync(Factory, admin, partner: code);
        var unrelated = await InReviewAsync(Factory, admin);
        var expert = await ExpertAsync(Factory, admin);
        var declaredOn = await AssignAsync(admin, first.ApplicationId, expert.Id);
        var reviewed = await AssignAsync(admin, partnering.ApplicationId, expert.Id);
        var kept = await AssignAsync(admin, unrelated.ApplicationId, expert.Id);
        await Expect.StatusAsync(await ReviewAsync(expert.Client, reviewed, Scores(90)), HttpStatusCode.OK);

        await Expect.StatusAsync(await expert.Client.PostAsJsonAsync($"/api/assignments/{declaredOn}/conflict", new { reason = "近三年曾在该企业兼职" }),
            HttpStatusCode.OK);

        Assert.Equal("ConflictDeclared", (await ListedAsync(admin, first.ApplicationId, declaredOn)).GetProperty("status").GetString());
        var ended = await ListedAsync(admin, partnering.ApplicationId, reviewed);
        Assert.Equal("Conflicted", ended.GetProperty("status").GetString());
        Assert.Equal(90m, ended.GetProperty("weightedTotal").GetDecimal());
        Assert.Equal(1, await AuditedAsync(reviewed));
        Assert.Equal("Assigned", (await ListedAsync(admin, unrelated.ApplicationId, kept)).GetProperty("status").GetString());
        var queue = (await expert.Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!;
        Assert.Equal(kept, Assert.Single(queue).GetProperty("id").GetGuid());
        await Expect.ProblemAsync(await expert.Client.GetAsync($"/api/applications/{partnering.ApplicationId}"), 404, "not-found");
        await Expect.ProblemAsync(await LateReviewAsync(admin, expert, partnering, reviewed), 409, "assignment-conflicted");
        var ranked = await RankedAsync(admin, partnering);
        Assert.Equal(0, ranked.GetProperty("reviews").GetInt32());
        Assert.Equal(1, ranked.GetProperty("excludedReviews").GetInt32());
        Assert.True(ranked.GetProperty("replacementNeeded").GetBoolean());
    }

    [Fact]
    public async Task A_submitted_review_ended_by_a_conflict_stops_counting_until_a_replacement_completes_the_quorum()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);
        await Expect.StatusAsync(await ReviewAsync(experts[0].Client, assignments[0], Scores(90)), HttpStatusCode.OK);
        await Expect.StatusAsync(await ReviewAsync(experts[1].Client, assignments[1], Scores(70)), HttpStatusCode.OK);

        await GiveConflictAsync(admin, experts[0], await ApplicantCodeAsync(s));

        var ranked = await RankedAsync(admin, s);
        Assert.Equal(1, ranked.GetProperty("reviews").GetInt32());
        Assert.Equal(70m, ranked.GetProperty("score").GetDecimal());
        Assert.Equal(1, ranked.GetProperty("excludedReviews").GetInt32());
        Assert.True(ranked.GetProperty("replacementNeeded").GetBoolean());
        // The third review is only the second that counts: the quorum is not complete.
        await Expect.StatusAsync(await ReviewAsync(experts[2].Client, assignments[2], Scores(80)), HttpStatusCode.OK);
        Assert.Equal("ExpertReview", await s.StateAsync());

        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/applications/{s.ApplicationId}/assignments", new { expertId = experts[0].Id }),
            409, "conflict");
        var replacement = await ExpertAsync(Factory, admin, province: "33");
        var replacing = await AssignAsync(admin, s.ApplicationId, replacement.Id);
        Assert.False((await ListedAsync(admin, s.ApplicationId, assignments[0])).GetProperty("replacementNeeded").GetBoolean());
        Assert.False((await RankedAsync(admin, s)).GetProperty("replacementNeeded").GetBoolean());

        await Expect.StatusAsync(await ReviewAsync(replacement.Client, replacing, Scores(60)), HttpStatusCode.OK);
        Assert.Equal("Deliberation", await s.StateAsync());
        ranked = await RankedAsync(admin, s);
        Assert.Equal(3, ranked.GetProperty("reviews").GetInt32());
        Assert.Equal(70m, ranked.GetProperty("score").GetDecimal());
    }

    [Fact]
    public async Task A_conflict_after_the_quorum_moved_the_application_on_leaves_it_there_flagged_and_short_of_a_passing_quorum()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);
        for (var i = 0; i < 3; i++)
            await Expect.StatusAsync(await ReviewAsync(experts[i].Client, assignments[i], Scores(80)), HttpStatusCode.OK);
        Assert.Equal("Deliberation", await s.StateAsync());

        await GiveConflictAsync(admin, experts[2], await ApplicantCodeAsync(s));

        Assert.Equal("Deliberation", await s.StateAsync());
        var ranked = await RankedAsync(admin, s);
        Assert.Equal(2, ranked.GetProperty("reviews").GetInt32());
        Assert.False(ranked.GetProperty("passes").GetBoolean());
        Assert.True(ranked.GetProperty("replacementNeeded").GetBoolean());
        Assert.True((await ListedAsync(admin, s.ApplicationId, assignments[2])).GetProperty("replacementNeeded").GetBoolean());
    }

    [Fact]
    public async Task A_conflict_declaration_waits_for_a_review_being_written_on_the_application_and_then_excludes_it()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 1);
        var code = await ApplicantCodeAsync(s);

        // Stands for a review submission in flight: it holds the application's row lock, as SubmitReview does.
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var review = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM \"Applications\" WHERE \"Id\" = '{s.ApplicationId}' FOR UPDATE", connection, review))
            await lockRow.ExecuteNonQueryAsync();

        var declaration = GiveConflictAsync(admin, experts[0], code);
        while (await ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'") == 0)
        {
            Assert.False(declaration.IsCompleted, "The conflict declaration did not wait for the review being written.");
            await Task.Delay(20);
        }
        await using (var write = new NpgsqlCommand(
            $"UPDATE \"Assignments\" SET \"Status\" = 'Submitted', \"WeightedTotal\" = 95, \"Version\" = \"Version\" + 1 WHERE \"Id\" = '{assignments[0]}'",
            connection, review))
            await write.ExecuteNonQueryAsync();
        await review.CommitAsync();
        await declaration;

        Assert.Equal("Conflicted", (await ListedAsync(admin, s.ApplicationId, assignments[0])).GetProperty("status").GetString());
        var ranked = await RankedAsync(admin, s);
        Assert.Equal(0, ranked.GetProperty("reviews").GetInt32());
        Assert.Equal(1, ranked.GetProperty("excludedReviews").GetInt32());
    }

    [Fact]
    public async Task A_manual_assignment_waits_for_a_conflict_being_given_to_the_expert_and_then_refuses_it()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var expert = await ExpertAsync(Factory, admin);
        var code = await ApplicantCodeAsync(s);

        // Stands for a conflict being given in another request: it holds the expert's conflict queue and records it.
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var giving = await connection.BeginTransactionAsync();
        await using (var queue = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtextextended('expert-conflicts/{expert.Id}', 0))", connection, giving))
            await queue.ExecuteNonQueryAsync();

        var assigning = admin.PostAsJsonAsync($"/api/applications/{s.ApplicationId}/assignments", new { expertId = expert.Id });
        while (await ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%advisory%'") == 0)
        {
            Assert.False(assigning.IsCompleted, "The assignment did not wait for the conflict being given.");
            await Task.Delay(20);
        }
        await using (var record = new NpgsqlCommand(
            $"INSERT INTO \"ExpertConflicts\" (\"ExpertId\", \"CreditCode\", \"Reason\", \"CreatedAt\") VALUES ('{expert.Id}', '{code}', '近期受聘', now())",
            connection, giving))
            await record.ExecuteNonQueryAsync();
        await giving.CommitAsync();

        await Expect.ProblemAsync(await assigning, 409, "conflict-of-interest");
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/assignments"))!);
    }
}
