using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

public sealed class DecisionTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Applications of one call brought to Deliberation with five submitted reviews each.</summary>
    private async Task<(Guid CallId, List<(Guid Id, HttpClient Applicant)> Applications)> InDeliberationAsync(HttpClient admin, int count,
        string programme = "security-centre")
    {
        var callId = await WorkflowBuilder.OpenCallAsync(admin, programme);
        var recommenderEmail = $"r-{Guid.NewGuid():N}@example.cn";
        await admin.PostAsJsonAsync("/api/users", new
        {
            email = recommenderEmail, password = "Recommender-Passw0rd", displayName = "广东", role = "Recommender", recommender = new { provinceCode = "44" },
        });
        var recommender = await Calls.SignedInAsync(Factory, recommenderEmail, "Recommender-Passw0rd");
        var experts = await WorkflowBuilder.CreateExpertsAsync(admin, 5);
        var list = new List<(Guid, HttpClient)>();
        for (var i = 0; i < count; i++)
        {
            var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
            var id = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, programme);
            await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);
            await Expect.StatusAsync(await Transitions.FireAsync(recommender, id, "recommend"), HttpStatusCode.OK);
            await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "accept"), HttpStatusCode.OK);
            await WorkflowBuilder.SubmitReviewsAsync(Factory, id, experts);
            if (programme is "security-centre" or "innovation-centre")
                await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "inspection-passed"), HttpStatusCode.OK);
            list.Add((id, applicant));
        }
        return (callId, list);
    }

    private async Task<string> StateAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString()!;

    [Fact]
    public async Task Staged_decisions_stay_invisible_to_applicants_until_released_together()
    {
        var admin = await AsAdminAsync();
        var (callId, applications) = await InDeliberationAsync(admin, 2);
        var (chosen, chosenApplicant) = applications[0];
        var (refused, refusedApplicant) = applications[1];

        var seenBefore = await chosenApplicant.GetAsync($"/api/applications/{chosen}");
        var bodyBefore = await seenBefore.Content.ReadAsStringAsync();
        await Expect.StatusAsync(await Transitions.FireAsync(admin, chosen, "shortlist"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, refused, "reject", "安全能力与示范效应不足，未达到评审通过分数"), HttpStatusCode.OK);

        // Nothing the applicant can read changes: not the state, its time, the version or the ETag.
        var seenStaged = await chosenApplicant.GetAsync($"/api/applications/{chosen}");
        Assert.Equal(bodyBefore, await seenStaged.Content.ReadAsStringAsync());
        Assert.Equal(seenBefore.Headers.ETag, seenStaged.Headers.ETag);

        Assert.Equal("Shortlisted", await StateAsync(admin, chosen));
        Assert.Equal("Deliberation", await StateAsync(chosenApplicant, chosen));
        Assert.Equal("Deliberation", await StateAsync(refusedApplicant, refused));
        var listed = await refusedApplicant.GetFromJsonAsync<JsonElement>("/api/applications");
        Assert.Equal("Deliberation", listed.GetProperty("items")[0].GetProperty("state").GetString());
        // Filtering by state follows what the applicant sees: the staged state finds nothing, the state shown finds it.
        async Task<int> CountAsync(string state) =>
            (await refusedApplicant.GetFromJsonAsync<JsonElement>($"/api/applications?state={state}")).GetProperty("items").GetArrayLength();
        Assert.Equal(1, await CountAsync("Deliberation"));
        Assert.Equal(0, await CountAsync("RejectionStaged"));
        Assert.Equal(0, await CountAsync("Rejected"));
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/applications?callId={callId}&state=RejectionStaged")).GetProperty("items").GetArrayLength());
        var history = await refusedApplicant.GetStringAsync($"/api/applications/{refused}/history");
        Assert.DoesNotContain("reject", history);
        Assert.DoesNotContain("RejectionStaged", history);

        var release = await admin.PostAsync($"/api/calls/{callId}/decisions/release", null);
        await Expect.StatusAsync(release, HttpStatusCode.OK);
        var result = await release.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("toPublicNotice").GetInt32());
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());

        Assert.Equal("PublicNotice", await StateAsync(chosenApplicant, chosen));
        Assert.Equal("Rejected", await StateAsync(refusedApplicant, refused));
        var released = await refusedApplicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{refused}/history");
        Assert.Equal("安全能力与示范效应不足，未达到评审通过分数", released!.Last().GetProperty("comment").GetString());
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    [Fact]
    public async Task A_staged_decision_can_be_reconsidered_before_release()
    {
        var admin = await AsAdminAsync();
        var (_, applications) = await InDeliberationAsync(admin, 1);
        var (id, applicant) = applications[0];
        var seen = await applicant.GetAsync($"/api/applications/{id}");
        var seenBody = await seen.Content.ReadAsStringAsync();
        await Transitions.FireAsync(admin, id, "shortlist");
        // Refusals do not give the staged decision away either: the applicant is refused as from Deliberation.
        var refusedStaged = await Transitions.FireAsync(applicant, id, "reconsider", ifMatch: seen.Headers.ETag!.Tag);
        var refusedStagedBody = await refusedStaged.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Shortlisted", refusedStagedBody);
        var edit = await applicant.PutAsJsonAsync($"/api/applications/{id}", new { content = new { } });
        Assert.DoesNotContain("Shortlisted", await edit.Content.ReadAsStringAsync());

        await Expect.StatusAsync(await Transitions.FireAsync(admin, id, "reconsider"), HttpStatusCode.OK);
        var refusedThere = await Transitions.FireAsync(applicant, id, "reconsider", ifMatch: seen.Headers.ETag!.Tag);
        Assert.Equal(refusedThere.StatusCode, refusedStaged.StatusCode);
        Assert.Equal(Detail(await refusedThere.Content.ReadAsStringAsync()), Detail(refusedStagedBody));

        Assert.Equal("Deliberation", await StateAsync(admin, id));
        var history = await applicant.GetStringAsync($"/api/applications/{id}/history");
        Assert.DoesNotContain("shortlist", history);
        Assert.DoesNotContain("reconsider", history);
        var again = await applicant.GetAsync($"/api/applications/{id}");
        Assert.Equal(seenBody, await again.Content.ReadAsStringAsync());

        // The ETag the applicant read before the hidden steps is still current for them; an admin's is not.
        var adminTag = (await admin.GetAsync($"/api/applications/{id}")).Headers.ETag!.Tag;
        Assert.NotEqual(seen.Headers.ETag!.Tag, adminTag);
        await Expect.ProblemAsync(await Transitions.FireAsync(admin, id, "shortlist", ifMatch: seen.Headers.ETag!.Tag), 412, "precondition-failed");
        var withdrawn = await Transitions.FireAsync(applicant, id, "withdraw", "企业战略调整，主动撤回申报。", ifMatch: seen.Headers.ETag!.Tag);
        await Expect.StatusAsync(withdrawn, HttpStatusCode.OK);
        var body = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Withdrawn", body.GetProperty("state").GetString());
        Assert.Equal($"\"{body.GetProperty("version").GetInt32()}\"", withdrawn.Headers.ETag!.Tag);
        Assert.Equal("Withdrawn", await StateAsync(admin, id));
    }

    [Fact]
    public async Task Twenty_parallel_shortlists_for_three_remaining_slots_across_two_processes_let_exactly_three_through()
    {
        // A plan with a ceiling of three security centres, loaded by a second API process on the same database.
        var seeds = Path.Combine(Path.GetTempPath(), $"yangfan-ceiling-{Guid.NewGuid():N}");
        Directory.CreateDirectory(seeds);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds")))
            File.Copy(file, Path.Combine(seeds, Path.GetFileName(file)));
        var programmes = JsonNode.Parse(File.ReadAllText(Path.Combine(seeds, "programmes.json")))!.AsArray();
        programmes.Single(p => p!["key"]!.GetValue<string>() == "security-centre")!["maxTarget"] = 3;
        File.WriteAllText(Path.Combine(seeds, "programmes.json"), programmes.ToJsonString());
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, seeds);
        settings["Seed:Path"] = seeds;
        await using var second = new ApiFactory(settings);
        _ = second.Server;
        var secondAdmin = await Calls.SignedInAsync(second, ApiFactory.AdminEmail, ApiFactory.AdminPassword);

        var admin = await AsAdminAsync();
        var (_, applications) = await InDeliberationAsync(admin, 20);

        var responses = await Task.WhenAll(applications.Select((a, i) =>
            Transitions.FireAsync(i % 2 == 0 ? admin : secondAdmin, a.Id, "shortlist")));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await Expect.ProblemAsync(refused, 409, "target-ceiling-reached");
        Assert.Equal(3, await ScalarAsync<long>("SELECT count(*) FROM \"Applications\" WHERE \"ProgrammeKey\" = 'security-centre' AND \"State\" = 'Shortlisted'"));

        // Withdrawing a shortlisted application releases its slot.
        var shortlisted = applications.First(a => responses[applications.IndexOf(a)].StatusCode == HttpStatusCode.OK);
        var waiting = applications.First(a => responses[applications.IndexOf(a)].StatusCode != HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(shortlisted.Applicant, shortlisted.Id, "withdraw"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, waiting.Id, "shortlist"), HttpStatusCode.OK);
        Directory.Delete(seeds, recursive: true);
    }

    [Fact]
    public async Task Releasing_needs_an_admin_and_an_existing_call()
    {
        var admin = await AsAdminAsync();
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");

        await Expect.ProblemAsync(await applicant.PostAsync($"/api/calls/{Guid.NewGuid()}/decisions/release", null), 403, "forbidden");
        await Expect.ProblemAsync(await admin.PostAsync($"/api/calls/{Guid.NewGuid()}/decisions/release", null), 404, "not-found");
    }

    [Fact]
    public async Task The_ranking_gives_each_row_the_administrators_decisions_and_the_targets_with_this_calls_shortlist_and_the_release_is_previewed()
    {
        var admin = await AsAdminAsync();
        var (callId, applications) = await InDeliberationAsync(admin, 3);
        var (chosen, _) = applications[0];
        var (refused, _) = applications[1];
        var (open, _) = applications[2];
        await Expect.StatusAsync(await Transitions.FireAsync(admin, chosen, "shortlist"), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(admin, refused, "reject", "示范效应不足"), HttpStatusCode.OK);

        var sector = (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/ranking"))[0];
        Assert.Equal(10, sector.GetProperty("minTarget").GetInt32());
        Assert.Equal(20, sector.GetProperty("maxTarget").GetInt32());
        Assert.Equal(1, sector.GetProperty("selected").GetInt32());
        Assert.Equal(0, sector.GetProperty("approved").GetInt32());
        Assert.Equal(1, sector.GetProperty("shortlistedInCall").GetInt32());
        Assert.Equal(9, sector.GetProperty("slotsToMinimum").GetInt32());
        Assert.Equal(19, sector.GetProperty("slotsToCeiling").GetInt32());
        var rows = sector.GetProperty("applications").EnumerateArray().ToDictionary(r => r.GetProperty("applicationId").GetGuid());
        string[] Triggers(Guid id) => rows[id].GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("trigger").GetString()!).Order().ToArray();
        Assert.Equal(["reconsider"], Triggers(chosen));
        Assert.Equal("拟入选（待发布）", rows[chosen].GetProperty("stateTitleZh").GetString());
        Assert.Equal("Deliberation", rows[open].GetProperty("stateTitleEn").GetString());
        Assert.Equal(["reconsider"], Triggers(refused));
        Assert.Equal(["reject", "return", "shortlist"], Triggers(open));
        var reject = rows[open].GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("trigger").GetString() == "reject");
        Assert.Equal("不予入选", reject.GetProperty("titleZh").GetString());
        Assert.True(reject.GetProperty("requiresComment").GetBoolean());
        var current = await admin.GetAsync($"/api/applications/{open}");
        Assert.Equal(current.Headers.ETag!.Tag, $"\"{rows[open].GetProperty("version").GetInt32()}\"");

        var preview = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/decisions/release-preview");
        Assert.Equal(2, preview.GetProperty("staged").GetInt32());
        Assert.Equal(1, preview.GetProperty("toPublicNotice").GetInt32());
        Assert.Equal(1, preview.GetProperty("rejected").GetInt32());
        Assert.Equal("Shortlisted", await StateAsync(admin, chosen));

        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{callId}/decisions/release", null), HttpStatusCode.OK);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/decisions/release-preview");
        Assert.Equal(0, after.GetProperty("staged").GetInt32());
        var released = (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/ranking"))[0];
        Assert.Equal(1, released.GetProperty("shortlistedInCall").GetInt32());

        var applicant = applications[0].Applicant;
        await Expect.ProblemAsync(await applicant.GetAsync($"/api/calls/{callId}/decisions/release-preview"), 403, "forbidden");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/calls/{Guid.NewGuid()}/decisions/release-preview"), 404, "not-found");
    }
}
