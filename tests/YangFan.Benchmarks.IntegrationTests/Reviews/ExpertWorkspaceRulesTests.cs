using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>
/// The rules under the expert's workspace: the no-conflict confirmation before any content (回避), scoring guides,
/// drafts and revisions under If-Match, and other experts' reviews kept hidden unless the workflow shows them.
/// </summary>
public sealed class ExpertWorkspaceRulesTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static Task<JsonElement> AssignmentAsync(HttpClient expert, Guid id) => expert.GetFromJsonAsync<JsonElement>($"/api/assignments/{id}");

    private static async Task<HttpResponseMessage> DraftAsync(HttpClient expert, Guid id, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/assignments/{id}/review/draft") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await expert.SendAsync(request);
    }

    private static string Tag(int version) => $"\"{version}\"";

    private Task<long> AuditedAsync(string action) => ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = '{action}'");

    /// <summary>The assignment's row as stored, to show that a refusal changed nothing.</summary>
    private Task<string?> StoredAsync(Guid id) => ScalarAsync<string>(
        $"SELECT concat_ws('|', \"Status\", \"Version\", \"ConfirmedAt\", \"DraftSavedAt\", \"Scores\", \"Comment\", \"WeightedTotal\") FROM \"Assignments\" WHERE \"Id\" = '{id}'");

    [Fact]
    public async Task Before_confirming_no_conflict_an_expert_sees_only_the_title_and_organisation_and_every_content_read_is_refused()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 1);
        var expert = experts[0].Client;
        var id = assignments[0];
        var title = (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.ApplicationId}")).GetProperty("title").GetString();

        var before = await AssignmentAsync(expert, id);
        Assert.Equal(title, before.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(before.GetProperty("organisationName").GetString()));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("confirmedAt").ValueKind);
        var stored = await StoredAsync(id);
        var rows = await CountRowsAsync();
        foreach (var path in new[] { "", "/form", "/attachments", $"/attachments/{Guid.NewGuid()}", "/history", "/actions" })
        {
            var problem = await Expect.ProblemAsync(await expert.GetAsync($"/api/applications/{s.ApplicationId}{path}"), 409,
                "conflict-confirmation-required");
            Assert.Equal($"/api/assignments/{id}/confirm-no-conflict", problem.GetProperty("confirmEndpoint").GetString());
        }
        var version = Tag(before.GetProperty("version").GetInt32());
        await Expect.ProblemAsync(await ReviewAsync(expert, id, Scores(), ifMatch: version), 409, "conflict-confirmation-required");
        await Expect.ProblemAsync(await DraftAsync(expert, id, new { scores = new { innovation = 80 } }, version), 409, "conflict-confirmation-required");
        Assert.Equal(stored, await StoredAsync(id));
        Assert.Equal(rows, await CountRowsAsync());

        var confirmed = await expert.PostAsync($"/api/assignments/{id}/confirm-no-conflict", null);
        await Expect.StatusAsync(confirmed, HttpStatusCode.OK);
        var at = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmedAt").GetDateTimeOffset();
        await Expect.StatusAsync(await expert.GetAsync($"/api/applications/{s.ApplicationId}"), HttpStatusCode.OK);
        await Expect.StatusAsync(await expert.GetAsync($"/api/applications/{s.ApplicationId}/attachments"), HttpStatusCode.OK);
        // Confirming again confirms once: the first time stands, audited once.
        await Expect.StatusAsync(await expert.PostAsync($"/api/assignments/{id}/confirm-no-conflict", null), HttpStatusCode.OK);
        Assert.Equal(at.ToUnixTimeMilliseconds(), (await AssignmentAsync(expert, id)).GetProperty("confirmedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(1, await AuditedAsync("assignment.no-conflict-confirmed"));
    }

    [Fact]
    public async Task Declining_or_declaring_a_conflict_works_before_confirming_and_tells_the_administrators()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 2);

        await Expect.StatusAsync(await experts[0].Client.PostAsJsonAsync($"/api/assignments/{assignments[0]}/decline", new { reason = "出差无法按期完成" }),
            HttpStatusCode.OK);
        await Expect.StatusAsync(await experts[1].Client.PostAsJsonAsync($"/api/assignments/{assignments[1]}/conflict", new { reason = "曾为该企业提供咨询" }),
            HttpStatusCode.OK);

        var told = await ScalarAsync<string>($"SELECT string_agg(\"Message\", ' || ' ORDER BY \"CreatedAt\") FROM \"Notifications\" " +
            $"WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"RecipientRole\" = 'Admin'");
        Assert.Contains($"Expert {experts[0].Name} declined this application's review (出差无法按期完成)", told);
        Assert.Contains("conflict of interest", told);
        Assert.Equal(2, await ScalarAsync<long>($"SELECT count(*) FROM \"Notifications\" WHERE \"ApplicationId\" = '{s.ApplicationId}' AND \"RecipientRole\" = 'Admin'"));
        // An ended assignment cannot be confirmed; nothing changes.
        var stored = await StoredAsync(assignments[0]);
        await Expect.ProblemAsync(await experts[0].Client.PostAsync($"/api/assignments/{assignments[0]}/confirm-no-conflict", null), 409, "conflict");
        Assert.Equal(stored, await StoredAsync(assignments[0]));
        Assert.Equal(0, await AuditedAsync("assignment.no-conflict-confirmed"));
    }

    [Fact]
    public async Task The_assignment_shows_each_criterions_weight_maximum_and_scoring_guide_from_the_workflow()
    {
        var admin = await AsAdminAsync();
        var (_, experts, assignments) = await AssignedAsync(Factory, admin, 1);

        var criteria = (await AssignmentAsync(experts[0].Client, assignments[0])).GetProperty("criteria").EnumerateArray().ToList();

        var shipped = WorkflowVersions.Shipped("demonstration-benchmark")["review"]!["criteria"]!.AsArray();
        Assert.Equal(shipped.Count, criteria.Count);
        var innovation = criteria.Single(c => c.GetProperty("key").GetString() == "innovation");
        Assert.Equal(25m, innovation.GetProperty("weight").GetDecimal());
        Assert.Equal(100m, innovation.GetProperty("max").GetDecimal());
        var guide = innovation.GetProperty("guide");
        Assert.Contains("5G", guide.GetProperty("textZh").GetString());
        var bands = guide.GetProperty("bands").EnumerateArray().ToList();
        Assert.Equal((90m, 100m), (bands[0].GetProperty("min").GetDecimal(), bands[0].GetProperty("max").GetDecimal()));
        Assert.StartsWith("优秀", bands[0].GetProperty("textZh").GetString());
        Assert.StartsWith("Excellent", bands[0].GetProperty("textEn").GetString());
        Assert.Equal(0m, bands[^1].GetProperty("min").GetDecimal());
    }

    [Fact]
    public async Task A_draft_keeps_partial_scores_with_their_total_out_of_the_ranking_then_is_submitted_and_revised()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await ConfirmedAsync(Factory, admin, 1);
        var expert = experts[0].Client;
        var id = assignments[0];
        var version = (await AssignmentAsync(expert, id)).GetProperty("version").GetInt32();

        var draft = await DraftAsync(expert, id, new { scores = new { innovation = 80, outcomes = 60 }, comment = "初稿：成效数据待核" }, Tag(version));

        await Expect.StatusAsync(draft, HttpStatusCode.OK);
        Assert.Equal(Tag(version + 1), draft.Headers.ETag!.Tag);
        var read = await AssignmentAsync(expert, id);
        Assert.Equal("Assigned", read.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("draftSavedAt").ValueKind);
        Assert.Equal(80m, read.GetProperty("scores").GetProperty("innovation").GetDecimal());
        Assert.Equal("初稿：成效数据待核", read.GetProperty("comment").GetString());
        Assert.Equal(38m, read.GetProperty("total").GetDecimal()); // 25 × 80/100 + 30 × 60/100
        // The draft is the expert's own: administrators see no scores, and no total reaches the ranking.
        var listed = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/assignments"))!.Single();
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("scores").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("comment").ValueKind);
        Assert.Null(await ScalarAsync<decimal?>($"SELECT \"WeightedTotal\" FROM \"Assignments\" WHERE \"Id\" = '{id}'"));
        Assert.Equal(1, await AuditedAsync("review.draft-saved"));

        var submitted = await ReviewAsync(expert, id, Scores(70), ifMatch: Tag(version + 1));
        await Expect.StatusAsync(submitted, HttpStatusCode.OK);
        var review = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Submitted", review.GetProperty("status").GetString());
        Assert.Equal(70m, review.GetProperty("total").GetDecimal());
        Assert.Equal(JsonValueKind.Null, review.GetProperty("draftSavedAt").ValueKind);

        // After submission the review is revised, never taken back to a draft.
        var stored = await StoredAsync(id);
        await Expect.ProblemAsync(await DraftAsync(expert, id, new { scores = new { innovation = 10 } }, Tag(version + 2)), 409, "review-submitted");
        Assert.Equal(stored, await StoredAsync(id));
        var revised = await ReviewAsync(expert, id, Scores(90), ifMatch: Tag(version + 2));
        await Expect.StatusAsync(revised, HttpStatusCode.OK);
        Assert.Equal(90m, (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        Assert.Equal(1, await AuditedAsync("review.revised"));
    }

    [Fact]
    public async Task A_stale_If_Match_on_a_draft_a_submission_or_a_revision_is_412_with_the_current_version_and_changes_nothing()
    {
        var admin = await AsAdminAsync();
        var (_, experts, assignments) = await ConfirmedAsync(Factory, admin, 1);
        var expert = experts[0].Client;
        var id = assignments[0];
        var seen = (await AssignmentAsync(expert, id)).GetProperty("version").GetInt32();
        // Another tab saves first.
        await Expect.StatusAsync(await DraftAsync(expert, id, new { scores = new { innovation = 70 } }, Tag(seen)), HttpStatusCode.OK);
        var stored = await StoredAsync(id);
        var rows = await CountRowsAsync();

        foreach (var stale in new[] { await DraftAsync(expert, id, new { scores = new { innovation = 20 } }, Tag(seen)), await ReviewAsync(expert, id, Scores(20), ifMatch: Tag(seen)) })
        {
            var problem = await Expect.ProblemAsync(stale, 412, "precondition-failed");
            Assert.Equal(seen + 1, problem.GetProperty("currentVersion").GetInt32());
        }
        await Expect.ProblemAsync(await DraftAsync(expert, id, new { scores = new { innovation = 20 } }, ifMatch: null), 428, "precondition-required");
        Assert.Equal(stored, await StoredAsync(id));
        Assert.Equal(rows, await CountRowsAsync());

        await Expect.StatusAsync(await ReviewAsync(expert, id, Scores(80), ifMatch: Tag(seen + 1)), HttpStatusCode.OK);
        var revisedStale = await ReviewAsync(expert, id, Scores(10), ifMatch: Tag(seen + 1));
        Assert.Equal(seen + 2, (await Expect.ProblemAsync(revisedStale, 412, "precondition-failed")).GetProperty("currentVersion").GetInt32());
        Assert.Equal(80m, (await AssignmentAsync(expert, id)).GetProperty("total").GetDecimal());
    }

    public static TheoryData<string, string> BadDrafts => new()
    {
        { """{"scores":{"innovation":101}}""", "scores.innovation" },
        { """{"scores":{"outcomes":-1}}""", "scores.outcomes" },
        { """{"scores":{"beauty":5}}""", "scores.beauty" },
        { """{"recommendation":"Maybe"}""", "$.recommendation" },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public async Task A_draft_breaking_the_rules_is_refused_field_by_field_and_nothing_changes(string body, string field)
    {
        var admin = await AsAdminAsync();
        var (_, experts, assignments) = await ConfirmedAsync(Factory, admin, 1);
        var version = (await AssignmentAsync(experts[0].Client, assignments[0])).GetProperty("version").GetInt32();
        var stored = await StoredAsync(assignments[0]);
        var rows = await CountRowsAsync();

        var response = await DraftAsync(experts[0].Client, assignments[0], JsonNode.Parse(body)!, Tag(version));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(field, Expect.ErrorFields(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement));
        Assert.Equal(stored, await StoredAsync(assignments[0]));
        Assert.Equal(rows, await CountRowsAsync());
    }

    [Fact]
    public async Task Other_experts_reviews_stay_hidden_unless_the_workflow_shows_them_after_the_experts_own_submission()
    {
        var admin = await AsAdminAsync();
        var (_, experts, assignments) = await AssignedAsync(Factory, admin, 2);
        await ReviewAsync(experts[0].Client, assignments[0], Scores(70));
        await ReviewAsync(experts[1].Client, assignments[1], Scores(90));

        await Expect.ProblemAsync(await experts[0].Client.GetAsync($"/api/assignments/{assignments[0]}/other-reviews"), 403, "other-reviews-hidden");

        var definition = WorkflowVersions.Shipped("demonstration-benchmark");
        definition["version"] = WorkflowVersions.BenchmarkNext;
        definition["review"]!["showOtherReviewsAfterSubmission"] = true;
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/workflows/demonstration-benchmark/versions", definition), HttpStatusCode.Created);
        await Expect.StatusAsync(await admin.PostAsync($"/api/workflows/demonstration-benchmark/versions/{WorkflowVersions.BenchmarkNext}/publish", null),
            HttpStatusCode.OK);
        var (_, shown, onShown) = await AssignedAsync(Factory, admin, 2);
        await ReviewAsync(shown[0].Client, onShown[0], Scores(60));
        await ConfirmAsync(shown[1].Client, onShown[1]);

        await Expect.ProblemAsync(await shown[1].Client.GetAsync($"/api/assignments/{onShown[1]}/other-reviews"), 403, "other-reviews-hidden");
        Assert.True((await AssignmentAsync(shown[1].Client, onShown[1])).GetProperty("otherReviewsShown").GetBoolean());
        await ReviewAsync(shown[1].Client, onShown[1], Scores(80));
        var others = await shown[1].Client.GetAsync($"/api/assignments/{onShown[1]}/other-reviews");
        await Expect.StatusAsync(others, HttpStatusCode.OK);
        var text = await others.Content.ReadAsStringAsync();
        var other = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray().ToList());
        Assert.Equal(60m, other.GetProperty("weightedTotal").GetDecimal());
        Assert.DoesNotContain(shown[0].Id.ToString(), text);
        Assert.DoesNotContain(shown[0].Name, text);
        Assert.DoesNotContain(onShown[0].ToString(), text);
    }

    [Fact]
    public async Task Ended_assignments_are_listed_as_not_open_only_when_asked_for_and_the_queue_stays_as_it_was()
    {
        var admin = await AsAdminAsync();
        var (s, experts, assignments) = await AssignedAsync(Factory, admin, 3);
        var expert = experts[0];
        var declined = await AssignAsync(admin, (await InReviewAsync(Factory, admin)).ApplicationId, expert.Id);
        Assert.True((await AssignmentAsync(expert.Client, declined)).GetProperty("open").GetBoolean());
        await Expect.StatusAsync(await expert.Client.PostAsJsonAsync($"/api/assignments/{declined}/decline", new { reason = "评审期间出差" }),
            HttpStatusCode.OK);
        await Expect.StatusAsync(await ReviewAsync(expert.Client, assignments[0], Scores(70)), HttpStatusCode.OK);
        Assert.True((await AssignmentAsync(expert.Client, assignments[0])).GetProperty("open").GetBoolean());

        // The last review closes the round: the expert's submitted review is no longer open.
        for (var i = 1; i < 3; i++)
            await Expect.StatusAsync(await ReviewAsync(experts[i].Client, assignments[i], Scores(80)), HttpStatusCode.OK);
        Assert.Equal("Deliberation", await s.StateAsync());

        var queue = (await expert.Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments"))!;
        var reviewed = Assert.Single(queue);
        Assert.Equal(assignments[0], reviewed.GetProperty("id").GetGuid());
        Assert.False(reviewed.GetProperty("open").GetBoolean());
        Assert.Equal(70m, reviewed.GetProperty("total").GetDecimal());

        var all = (await expert.Client.GetFromJsonAsync<JsonElement[]>("/api/me/assignments?includeEnded=true"))!;
        Assert.Equal(2, all.Length);
        var ended = all.Single(a => a.GetProperty("id").GetGuid() == declined);
        Assert.Equal("Declined", ended.GetProperty("status").GetString());
        Assert.False(ended.GetProperty("open").GetBoolean());
        // Another expert's assignments never show, ended or not.
        Assert.DoesNotContain(all, a => assignments.Skip(1).Contains(a.GetProperty("id").GetGuid()));
        await Expect.ProblemAsync(await expert.Client.GetAsync($"/api/assignments/{declined}"), 404, "not-found");
    }
}
