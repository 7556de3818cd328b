using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Decisions;

public sealed class ProgressTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static JsonElement Programme(JsonElement[] progress, string key) => progress.Single(p => p.GetProperty("key").GetString() == key);

    [Fact]
    public async Task Progress_counts_selections_per_sector_against_the_targets_and_hides_staged_decisions()
    {
        var admin = await AsAdminAsync();
        var s = await Reviews.ReviewScenario.InReviewAsync(Factory, admin);
        await WorkflowBuilder.SubmitReviewsAsync(Factory, s.ApplicationId, await WorkflowBuilder.CreateExpertsAsync(admin, 3));
        await s.MoveAsync(admin, "shortlist");

        var staged = Programme((await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!, "demonstration-benchmark");
        var sector = staged.GetProperty("sectors").EnumerateArray().Single(x => x.GetProperty("sectorCode").GetString() == "industrial-internet").GetProperty("progress");
        Assert.Equal(0, sector.GetProperty("shortlisted").GetInt32());
        Assert.Equal(1, sector.GetProperty("pipeline").GetProperty("Deliberation").GetInt32());
        Assert.False(sector.GetProperty("pipeline").TryGetProperty("Shortlisted", out _));

        await admin.PostAsync($"/api/calls/{s.CallId}/decisions/release", null);
        var released = Programme((await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!, "demonstration-benchmark");
        var after = released.GetProperty("sectors").EnumerateArray().Single(x => x.GetProperty("sectorCode").GetString() == "industrial-internet").GetProperty("progress");
        Assert.Equal(1, after.GetProperty("inNotice").GetInt32());
        Assert.Equal(100, after.GetProperty("minTarget").GetInt32());
        Assert.Equal(100, after.GetProperty("remaining").GetInt32());
        Assert.Equal("behind", after.GetProperty("status").GetString());
        Assert.Equal(15, released.GetProperty("sectors").GetArrayLength());
        Assert.Equal(1500, released.GetProperty("total").GetProperty("minTarget").GetInt32());
    }

    [Fact]
    public async Task A_programme_at_its_ceiling_says_so()
    {
        await ExecuteAsync("UPDATE \"Programmes\" SET \"MaxTarget\" = 1, \"MinTarget\" = 1 WHERE \"Key\" = 'innovation-centre'");
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, "innovation-centre");
        await ExecuteAsync($"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"Id\" = '{s.ApplicationId}'");

        var progress = Programme((await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/progress"))!, "innovation-centre");

        Assert.Equal("ceiling-reached", progress.GetProperty("total").GetProperty("status").GetString());
        Assert.Equal(1, progress.GetProperty("total").GetProperty("selected").GetInt32());
    }

    [Fact]
    public async Task The_progress_answer_is_kept_until_an_application_changes_here_or_the_cache_time_passes()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin, "innovation-centre");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-progress-{Guid.NewGuid():N}"));
        await using var api = new ApiFactory(settings, time: clock);
        async Task<int> SelectedAsync() => Programme((await api.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/progress"))!, "innovation-centre")
            .GetProperty("total").GetProperty("selected").GetInt32();
        Assert.Equal(0, await SelectedAsync());

        // Another process approves the application: this one keeps its answer until the cache time (5 s) has passed.
        await Database.ExecuteAsync(Fixture.ConnectionString, $"UPDATE \"Applications\" SET \"State\" = 'Approved' WHERE \"Id\" = '{s.ApplicationId}'");
        Assert.Equal(0, await SelectedAsync());
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await SelectedAsync());

        // A change committed through this process is counted at once: a new application joins the pipeline.
        async Task<int> InPipelineAsync() => Programme((await api.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/progress"))!, "innovation-centre")
            .GetProperty("total").GetProperty("pipeline").EnumerateObject().Sum(state => state.Value.GetInt32());
        var before = await InPipelineAsync();
        await WorkflowScenario.CreateAsync(api, await Calls.SignedInAsync(api, ApiFactory.AdminEmail, ApiFactory.AdminPassword), "innovation-centre");
        Assert.Equal(before + 1, await InPipelineAsync());
    }

    [Fact]
    public async Task An_admin_records_an_indicator_observation_and_it_becomes_the_latest()
    {
        var admin = await AsAdminAsync();
        var body = new { period = "2024-06", region = "national", value = 31.5m, source = "工业和信息化部 2024 年通信业统计公报" };

        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/indicators/base-stations-per-10k/observations", body), HttpStatusCode.Created);

        var indicator = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/indicators"))!.Single(i => i.GetProperty("code").GetString() == "base-stations-per-10k");
        Assert.Equal(31.5m, indicator.GetProperty("latest").GetProperty("value").GetDecimal());
        Assert.Equal(175m, indicator.GetProperty("percentOfTarget").GetDecimal());
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/indicators/base-stations-per-10k/observations", body), 409, "duplicate");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/indicators/base-stations-per-10k/observations", body with { period = "June" }), 400, "validation");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/indicators/base-stations-per-10k/observations", body with { region = "99" }), 400, "validation");
        await Expect.ProblemAsync(await admin.PostAsJsonAsync("/api/indicators/moon-bases/observations", body), 404, "not-found");
        var applicant = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        await Expect.ProblemAsync(await applicant.PostAsJsonAsync("/api/indicators/base-stations-per-10k/observations", body), 403, "forbidden");
    }
}
