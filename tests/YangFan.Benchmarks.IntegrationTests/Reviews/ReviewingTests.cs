using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

public sealed class ReviewingTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_third_review_moves_the_application_to_deliberation_by_itself()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);

        var queue = await experts[0].Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments");
        Assert.Equal(5, Assert.Single(queue!).GetProperty("criteria").GetArrayLength());
        for (var i = 0; i < 2; i++)
            await Expect.StatusAsync(await ReviewAsync(experts[i].Client, assignments[i], Scores(70 + i * 10)), HttpStatusCode.OK);
        Assert.Equal("ExpertReview", await s.StateAsync());

        await Expect.StatusAsync(await ReviewAsync(experts[2].Client, assignments[2], Scores(90)), HttpStatusCode.OK);

        Assert.Equal("Deliberation", await s.StateAsync());
        var ranking = await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{s.CallId}/ranking");
        var row = ranking!.Single(r => r.GetProperty("sectorCode").GetString() == "industrial-internet").GetProperty("applications")[0];
        Assert.Equal(3, row.GetProperty("reviews").GetInt32());
        Assert.Equal(80m, row.GetProperty("score").GetDecimal());
        Assert.True(row.GetProperty("passes").GetBoolean());
        await Expect.ProblemAsync(await ReviewAsync(experts[0].Client, assignments[0], Scores(10)), 409, "conflict");
    }

    [Fact]
    public async Task Parallel_final_reviews_never_leave_the_application_stuck_in_review()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 3);

        // The quorum's three reviews arrive at once: whichever commits last must see the other two.
        var responses = await Task.WhenAll(experts.Select((e, i) => ReviewAsync(e.Client, assignments[i], Scores(75))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("Deliberation", await s.StateAsync());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"WorkflowHistory\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"Trigger\" = 'reviews-in'"));
    }

    public static TheoryData<string, string> BadReviews => new()
    {
        { """{"scores":{"innovation":80,"outcomes":80,"integration-depth":80,"replicability":80},"comment":"项目技术路线清晰，应用成效数据可信，值得推广。","recommendation":"Recommend"}""", "scores.security" },
        { """{"scores":{"innovation":101,"outcomes":80,"integration-depth":80,"replicability":80,"security":80},"comment":"项目技术路线清晰，应用成效数据可信，值得推广。","recommendation":"Recommend"}""", "scores.innovation" },
        { """{"scores":{"innovation":80,"outcomes":80,"integration-depth":80,"replicability":80,"security":80,"beauty":5},"comment":"项目技术路线清晰，应用成效数据可信，值得推广。","recommendation":"Recommend"}""", "scores.beauty" },
        { """{"scores":{"innovation":80,"outcomes":80,"integration-depth":80,"replicability":80,"security":80},"comment":"好","recommendation":"Recommend"}""", "comment" },
        { """{"scores":{"innovation":80,"outcomes":80,"integration-depth":80,"replicability":80,"security":80},"comment":"项目技术路线清晰，应用成效数据可信，值得推广。","recommendation":"Maybe"}""", "$.recommendation" },
    };

    [Theory]
    [MemberData(nameof(BadReviews))]
    public async Task A_review_breaking_the_rules_is_refused_field_by_field_and_nothing_changes(string body, string field)
    {
        var admin = await AsAdminAsync();
        var (_, experts, assignments) = await ConfirmedAsync(Factory, admin, 1);
        var before = await CountRowsAsync();

        var response = await ReviewAsync(experts[0].Client, assignments[0], JsonNode.Parse(body)!);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(field, Expect.ErrorFields(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Reviews_need_If_Match_and_a_retry_with_the_same_key_is_answered_once()
    {
        var admin = await AsAdminAsync();
        var (_, experts, assignments) = await AssignedAsync(Factory, admin, 1);
        var expert = experts[0].Client;
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/assignments/{assignments[0]}/review") { Content = JsonContent.Create(Scores()) };
        await Expect.ProblemAsync(await expert.SendAsync(request), 428, "precondition-required");

        var version = $"\"{await ConfirmAsync(expert, assignments[0])}\"";
        var first = await ReviewAsync(expert, assignments[0], Scores(), ifMatch: version, idempotencyKey: "r-1");
        var retry = await ReviewAsync(expert, assignments[0], Scores(), ifMatch: version, idempotencyKey: "r-1");
        var stale = await ReviewAsync(expert, assignments[0], Scores(60), ifMatch: version);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'review.submitted'"));
        await Expect.ProblemAsync(stale, 412, "precondition-failed");
    }

    [Fact]
    public async Task Experts_see_only_their_assigned_applications_and_nothing_of_other_reviewers()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 2);
        var outsider = await ExpertAsync(Factory, admin, province: "12");
        await ReviewAsync(experts[0].Client, assignments[0], Scores());
        await ConfirmAsync(experts[1].Client, assignments[1]);

        await Expect.StatusAsync(await experts[1].Client.GetAsync($"/api/applications/{s.ApplicationId}"), HttpStatusCode.OK);
        await Expect.ProblemAsync(await outsider.Client.GetAsync($"/api/applications/{s.ApplicationId}"), 404, "not-found");
        await Expect.ProblemAsync(await experts[1].Client.PostAsJsonAsync($"/api/assignments/{assignments[0]}/decline", new { reason = "不是我的" }), 404, "not-found");
        var queue = await experts[1].Client.GetStringAsync("/api/me/assignments");
        Assert.DoesNotContain(experts[0].Id.ToString(), queue);
        Assert.DoesNotContain("项目技术路线清晰", queue);
    }

    [Fact]
    public async Task Declining_reopens_the_slot_and_a_declared_conflict_is_kept()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 2);

        await Expect.StatusAsync(await experts[0].Client.PostAsJsonAsync($"/api/assignments/{assignments[0]}/decline", new { reason = "时间冲突" }), HttpStatusCode.OK);
        await Expect.StatusAsync(await experts[1].Client.PostAsJsonAsync($"/api/assignments/{assignments[1]}/conflict", new { reason = "近三年曾在该企业兼职" }), HttpStatusCode.OK);

        Assert.Empty((await experts[0].Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!);
        await Expect.ProblemAsync(await experts[0].Client.GetAsync($"/api/applications/{s.ApplicationId}"), 404, "not-found");
        var expert = await admin.GetFromJsonAsync<JsonElement[]>("/api/experts");
        var conflicted = expert!.Single(e => e.GetProperty("id").GetGuid() == experts[1].Id);
        Assert.Equal("近三年曾在该企业兼职", conflicted.GetProperty("declaredConflicts")[0].GetProperty("reason").GetString());
        // Replacements fill the reopened slots; the conflicted expert is never proposed again.
        foreach (var province in new[] { "31", "32", "33" })
            await ExpertAsync(Factory, admin, province: province);
        var auto = await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto", new { dryRun = true });
        var plan = await auto.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, plan.GetProperty("count").GetInt32());
        Assert.DoesNotContain(plan.GetProperty("assignments").EnumerateArray(), a => a.GetProperty("expertId").GetGuid() == experts[1].Id);
        Assert.DoesNotContain(plan.GetProperty("assignments").EnumerateArray(), a => a.GetProperty("expertId").GetGuid() == experts[0].Id);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto", new { dryRun = false }), HttpStatusCode.OK);
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/assignments"))!
            .Count(a => a.GetProperty("status").GetString() == "Assigned"));
    }

    [Fact]
    public async Task An_applicant_never_sees_a_reviewer_identity_or_score_anywhere()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin);
        for (var i = 0; i < 3; i++)
            await ReviewAsync(experts[i].Client, assignments[i], Scores(77));

        var views = new[]
        {
            await s.Applicant.GetStringAsync($"/api/applications/{s.ApplicationId}"),
            await s.Applicant.GetStringAsync($"/api/applications/{s.ApplicationId}/history"),
            await s.Applicant.GetStringAsync($"/api/applications/{s.ApplicationId}/actions"),
            await s.Applicant.GetStringAsync("/api/applications"),
            await s.Applicant.GetStringAsync($"/api/applications/{s.ApplicationId}/attachments"),
            await (await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}/assignments")).Content.ReadAsStringAsync(),
            await (await s.Applicant.GetAsync($"/api/calls/{s.CallId}/ranking")).Content.ReadAsStringAsync(),
        };
        foreach (var view in views)
            foreach (var expert in experts)
            {
                Assert.DoesNotContain(expert.Id.ToString(), view);
                Assert.DoesNotContain(expert.Name, view);
                Assert.DoesNotContain(expert.Affiliation, view);
                Assert.DoesNotContain("项目技术路线清晰", view);
            }
    }

    /// <summary>Publishes version 2 of the demonstration-benchmark workflow, the same but with a blind review.</summary>
    internal static async Task PublishBlindReviewAsync(HttpClient admin)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "demonstration-benchmark.json")))!;
        definition["version"] = WorkflowVersions.BenchmarkNext;
        definition["review"]!["blind"] = true;
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", definition), HttpStatusCode.Created);
        await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null);
    }

    /// <summary>An application in review with one attachment of every kind, named after the applicant, and one expert.</summary>
    private async Task<(WorkflowScenario S, Expert Expert, Dictionary<string, Guid> Attachments)> AttachedAndAssignedAsync(HttpClient admin)
    {
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var attachments = new Dictionary<string, Guid>();
        foreach (var kind in new[] { "application-form", "business-licence", "recommendation-letter", "other" })
        {
            var upload = await Intake.AttachmentTests.UploadAsync(s.Applicant, s.ApplicationId, Intake.AttachmentTests.Pdf, $"深圳港航科技有限公司-{kind}.pdf", kind);
            await Expect.StatusAsync(upload, HttpStatusCode.Created);
            attachments[kind] = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        var expert = await ExpertAsync(Factory, admin);
        await ConfirmAsync(expert.Client, await AssignAsync(admin, s.ApplicationId, expert.Id));
        return (s, expert, attachments);
    }

    [Fact]
    public async Task A_blind_review_serves_experts_attachments_under_neutral_names_without_the_kinds_that_name_the_applicant()
    {
        var admin = await AsAdminAsync();
        await PublishBlindReviewAsync(admin);
        var (s, expert, attachments) = await AttachedAndAssignedAsync(admin);

        var listed = (await expert.Client.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/attachments"))!;
        Assert.Equal(["application-form", "other"], listed.Select(a => a.GetProperty("kind").GetString()));
        Assert.Equal(["application-form-1.pdf", "other-1.pdf"], listed.Select(a => a.GetProperty("fileName").GetString()));
        Assert.DoesNotContain("深圳港航", await expert.Client.GetStringAsync($"/api/applications/{s.ApplicationId}/attachments"));

        var form = await expert.Client.GetAsync($"/api/applications/{s.ApplicationId}/attachments/{attachments["application-form"]}");
        await Expect.StatusAsync(form, HttpStatusCode.OK);
        Assert.Equal("application-form-1.pdf", form.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.DoesNotContain("深圳港航", form.Content.Headers.ContentDisposition.ToString());
        foreach (var kind in new[] { "business-licence", "recommendation-letter" })
            await Expect.ProblemAsync(await expert.Client.GetAsync($"/api/applications/{s.ApplicationId}/attachments/{attachments[kind]}"),
                404, "not-found");

        // Administrators are not blind: they see every attachment as uploaded.
        var asAdmin = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/attachments"))!;
        Assert.Equal(4, asAdmin.Length);
        Assert.All(asAdmin, a => Assert.StartsWith("深圳港航科技有限公司-", a.GetProperty("fileName").GetString()));
    }

    [Fact]
    public async Task A_blind_review_hides_the_kinds_the_pinned_form_marks_hidden_and_shows_the_others()
    {
        var admin = await AsAdminAsync();
        await PublishBlindReviewAsync(admin);
        // A form that takes "other" for something naming the applicant, and the business licence for harmless.
        await FormVersions.PublishAsync(admin, "demonstration-benchmark", d =>
        {
            foreach (var attachment in d["attachments"]!.AsArray())
                attachment!["hiddenInBlindReview"] = attachment["kind"]!.GetValue<string>() is "other" or "recommendation-letter";
        });
        var (s, expert, attachments) = await AttachedAndAssignedAsync(admin);

        var listed = (await expert.Client.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/attachments"))!;
        Assert.Equal(["application-form", "business-licence"], listed.Select(a => a.GetProperty("kind").GetString()));
        Assert.Equal(["application-form-1.pdf", "business-licence-1.pdf"], listed.Select(a => a.GetProperty("fileName").GetString()));
        await Expect.StatusAsync(await expert.Client.GetAsync($"/api/applications/{s.ApplicationId}/attachments/{attachments["business-licence"]}"),
            HttpStatusCode.OK);
        await Expect.ProblemAsync(await expert.Client.GetAsync($"/api/applications/{s.ApplicationId}/attachments/{attachments["other"]}"),
            404, "not-found");
    }

    [Fact]
    public async Task Without_a_blind_review_experts_see_every_attachment_as_uploaded()
    {
        var admin = await AsAdminAsync();
        var (s, expert, attachments) = await AttachedAndAssignedAsync(admin);

        var listed = (await expert.Client.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/attachments"))!;
        Assert.Equal(4, listed.Length);
        Assert.Contains(listed, a => a.GetProperty("fileName").GetString() == "深圳港航科技有限公司-business-licence.pdf");
        var licence = await expert.Client.GetAsync($"/api/applications/{s.ApplicationId}/attachments/{attachments["business-licence"]}");
        await Expect.StatusAsync(licence, HttpStatusCode.OK);
        Assert.Equal("深圳港航科技有限公司-business-licence.pdf", licence.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task A_blind_review_hides_the_applicant_organisation_from_experts()
    {
        var admin = await AsAdminAsync();
        await PublishBlindReviewAsync(admin);
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 1);
        var before = await experts[0].Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{assignments[0]}");
        await ConfirmAsync(experts[0].Client, assignments[0]);

        var asExpert = await experts[0].Client.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}");
        var asAdmin = await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}");

        Assert.Equal(JsonValueKind.Null, asExpert.GetProperty("organisationId").ValueKind);
        Assert.Equal(s.OrganisationId, asAdmin.GetProperty("organisationId").GetGuid());
        // Before the no-conflict confirmation as after it, the assignment names no organisation either.
        Assert.Equal(JsonValueKind.Null, before.GetProperty("organisationName").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await experts[0].Client.GetFromJsonAsync<JsonElement>($"/api/assignments/{assignments[0]}"))
            .GetProperty("organisationName").ValueKind);
    }

    [Fact]
    public async Task When_the_review_period_runs_out_open_assignments_are_marked_late_and_can_be_reassigned()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 2);
        await ReviewAsync(experts[0].Client, assignments[0], Scores());

        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-late-{Guid.NewGuid():N}"));
        await using (var later = new ApiFactory(settings, time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(22))))
            Assert.Equal(1, await later.Services.GetRequiredService<TimerDispatcher>().DispatchDueAsync(CancellationToken.None));

        var listed = await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/assignments");
        Assert.False(listed!.Single(a => a.GetProperty("id").GetGuid() == assignments[0]).GetProperty("late").GetBoolean());
        Assert.True(listed!.Single(a => a.GetProperty("id").GetGuid() == assignments[1]).GetProperty("late").GetBoolean());
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"RecipientRole\" = 'Admin' AND \"ApplicationId\" = '{s.ApplicationId}'"));

        var replacement = await ExpertAsync(Factory, admin, province: "65");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/assignments/{assignments[1]}/reassign", new { expertId = replacement.Id }), HttpStatusCode.OK);
        Assert.Single((await replacement.Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!);
        Assert.Empty((await experts[1].Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!);
    }
}
