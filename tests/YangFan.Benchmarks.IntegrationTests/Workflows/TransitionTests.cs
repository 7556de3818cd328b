using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Workflows;

public sealed class TransitionTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task An_application_goes_from_draft_to_deliberation_with_each_role_doing_its_part()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);

        Assert.Equal("Draft", await s.StateAsync());
        Assert.Equal("Submitted", await s.MoveAsync(s.Applicant, "submit"));
        Assert.Equal("FormalCheck", await s.MoveAsync(s.Recommender, "recommend"));
        Assert.Equal("ExpertReview", await s.MoveAsync(admin, "accept"));

        var experts = await WorkflowBuilder.CreateExpertsAsync(admin, 3);
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, experts.Take(2));
        Assert.Equal("ExpertReview", await s.StateAsync());
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, experts.Skip(2));

        // The third review satisfies reviews-complete, and the engine moves on by itself as System.
        Assert.Equal("Deliberation", await s.StateAsync());
        Assert.Equal("Shortlisted", await s.MoveAsync(admin, "shortlist"));
        Assert.Equal("PublicNotice", await s.ReleaseAsync());

        var history = (await s.Applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/history"))!;
        // The staged shortlisting is the administrators' business; the applicant sees its release.
        Assert.Equal(["create", "submit", "recommend", "accept", "reviews-in", "release"],
            history.Select(h => h.GetProperty("trigger").GetString()));
        Assert.Equal("Deliberation", history.Last().GetProperty("from").GetString());
        Assert.Equal("System", history.Single(h => h.GetProperty("trigger").GetString() == "reviews-in").GetProperty("actorRole").GetString());
        // Members see which colleague created and submitted; never who recommended, accepted or reviewed.
        Assert.All(history.Where(h => h.GetProperty("actorRole").GetString() != "Applicant"),
            h => Assert.Equal(JsonValueKind.Null, h.GetProperty("actorId").ValueKind));
        Assert.All(history.Where(h => h.GetProperty("actorRole").GetString() == "Applicant"),
            h => Assert.Equal("李工", h.GetProperty("actorName").GetString()));
        var adminHistory = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/history");
        Assert.NotEqual(JsonValueKind.Null, adminHistory!.Single(h => h.GetProperty("trigger").GetString() == "accept").GetProperty("actorId").ValueKind);
    }

    [Fact]
    public async Task A_role_that_may_not_fire_a_trigger_gets_403_and_nothing_changes()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "recommend"), 403, "forbidden");

        Assert.Equal("Submitted", await s.StateAsync());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_trigger_that_does_not_leave_the_current_state_gets_409()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");

        var problem = await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "transition-not-available");

        Assert.Contains("Submitted", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_closed_call_refuses_submission_naming_the_unmet_guard()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await ExecuteAsync($"UPDATE \"Calls\" SET \"ClosesAt\" = now() - interval '1 hour' WHERE \"Id\" = '{s.CallId}'");
        var before = await CountRowsAsync();

        var problem = await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "guards-unmet");

        var unmet = problem.GetProperty("unmetGuards").EnumerateArray().ToList();
        Assert.Equal("call-open", Assert.Single(unmet).GetProperty("name").GetString());
        Assert.Equal("The call for applications is open.", unmet[0].GetProperty("description").GetString());
        Assert.Equal("Draft", await s.StateAsync());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Actions_list_what_the_caller_may_fire_and_explain_what_is_missing()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);

        var open = (await s.Applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/actions"))!
            .ToDictionary(a => a.GetProperty("trigger").GetString()!);
        await ExecuteAsync($"UPDATE \"Calls\" SET \"ClosesAt\" = now() - interval '1 hour' WHERE \"Id\" = '{s.CallId}'");
        var closed = (await s.Applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/actions"))!
            .ToDictionary(a => a.GetProperty("trigger").GetString()!);

        Assert.Equal(["submit", "withdraw"], open.Keys.Order());
        Assert.True(open["submit"].GetProperty("enabled").GetBoolean());
        Assert.False(closed["submit"].GetProperty("enabled").GetBoolean());
        Assert.Equal("call-open", closed["submit"].GetProperty("unmetGuards")[0].GetProperty("name").GetString());
        Assert.True(closed["withdraw"].GetProperty("enabled").GetBoolean());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/actions"))!);
    }

    [Fact]
    public async Task A_transition_that_requires_a_comment_is_refused_without_one()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");

        var problem = await Expect.ProblemAsync(await s.FireAsync(admin, "return"), 400, "validation");

        Assert.Equal(["comment"], Expect.ErrorFields(problem));
        Assert.Equal("FormalCheck", await s.StateAsync());
    }

    [Fact]
    public async Task Transitions_need_If_Match_and_a_stale_one_gets_412_without_changing_anything()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var stale = (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;
        await s.MoveAsync(s.Applicant, "submit");
        var before = await CountRowsAsync();

        var missing = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{s.ApplicationId}/transitions")
        {
            Content = JsonContent.Create(new { trigger = "withdraw" }),
        };
        await Expect.ProblemAsync(await s.Applicant.SendAsync(missing), 428, "precondition-required");
        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "withdraw", ifMatch: stale), 412, "precondition-failed");

        Assert.Equal("Submitted", await s.StateAsync());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_fires_once_and_returns_the_first_answer()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var etag = (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;

        var first = await s.FireAsync(s.Applicant, "submit", idempotencyKey: "submit-1", ifMatch: etag);
        var retry = await s.FireAsync(s.Applicant, "submit", idempotencyKey: "submit-1", ifMatch: etag);

        await Expect.StatusAsync(first, HttpStatusCode.OK);
        await Expect.StatusAsync(retry, HttpStatusCode.OK);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'submit'"));
    }

    [Fact]
    public async Task Rapid_concurrent_retries_with_one_idempotency_key_fire_once()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var etag = (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!.Tag;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            s.FireAsync(s.Applicant, "submit", idempotencyKey: "double-click", ifMatch: etag)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'submit'"));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_request_gets_422()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await Expect.StatusAsync(await s.FireAsync(s.Applicant, "submit", idempotencyKey: "k1"), HttpStatusCode.OK);

        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "withdraw", idempotencyKey: "k1"), 422, "idempotency-key-reused");

        Assert.Equal("Submitted", await s.StateAsync());
    }

    [Fact]
    public async Task Returned_resubmitted_and_reviewed_again_starts_a_fresh_round_ignoring_old_reviews()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var experts = await WorkflowBuilder.CreateExpertsAsync(admin, 5);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        Assert.Equal(1, await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, experts.Take(2)));

        Assert.Equal("Draft", await s.MoveAsync(admin, "return", "请补充 5G 专网建设情况"));
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        Assert.Equal("ExpertReview", await s.MoveAsync(admin, "accept"));

        // Two reviews from round 1 plus one in round 2 are not three reviews of the current round.
        Assert.Equal(2, await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, experts.Skip(2).Take(1)));
        Assert.Equal("ExpertReview", await s.StateAsync());
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, experts.Skip(3).Take(2));
        Assert.Equal("Deliberation", await s.StateAsync());
    }

    [Fact]
    public async Task Outsiders_get_404_for_an_application_they_may_not_see()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await Calls.RegisterAsync(Anonymous(), "other@example.cn");
        var otherApplicant = await Calls.SignedInAsync(Factory, "other@example.cn", "Applicant-Passw0rd");
        await admin.PostAsJsonAsync("/api/users", Calls.UserBody("js@example.cn", "Recommender-Passw0rd", "Recommender"));
        var otherProvince = await Calls.SignedInAsync(Factory, "js@example.cn", "Recommender-Passw0rd");

        foreach (var outsider in new[] { otherApplicant, otherProvince })
        {
            await Expect.ProblemAsync(await outsider.GetAsync($"/api/applications/{s.ApplicationId}"), 404, "not-found");
            await Expect.ProblemAsync(await outsider.GetAsync($"/api/applications/{s.ApplicationId}/history"), 404, "not-found");
            await Expect.ProblemAsync(await Transitions.FireAsync(outsider, s.ApplicationId, "withdraw", ifMatch: "\"1\""), 404, "not-found");
        }
        await Expect.ProblemAsync(await s.Applicant.GetAsync($"/api/applications/{Guid.NewGuid()}"), 404, "not-found");
    }

    [Fact]
    public async Task Bad_transition_requests_are_refused_with_400()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);

        var noTrigger = await s.Applicant.PostAsJsonAsync($"/api/applications/{s.ApplicationId}/transitions", new { comment = "x" });
        var arrayData = await s.Applicant.PostAsync($"/api/applications/{s.ApplicationId}/transitions",
            new StringContent("{\"trigger\":\"submit\",\"data\":[1,2]}", System.Text.Encoding.UTF8, "application/json"));

        await Expect.ProblemAsync(noTrigger, 400, "validation");
        await Expect.ProblemAsync(arrayData, 400, "validation");
        Assert.Equal("Draft", await s.StateAsync());
    }
}
