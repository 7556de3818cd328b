using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using YangFan.Benchmarks.Api.Features.Reviews;
using YangFan.Benchmarks.Domain.Review;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Reviews.ReviewScenario;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>
/// The ranking reads aggregates the database keeps with every change to an application or its assignments (ADR 0024):
/// after each kind of change, and after concurrent ones, the ranking equals one recomputed here from the assignments
/// with <see cref="Scoring.Aggregate"/> and each version's review block.
/// </summary>
public sealed class RankingMaintenanceTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Benchmark = "demonstration-benchmark";

    /// <summary>One ranked application as the ranking shows it, its rank aside.</summary>
    private sealed record Row(string? Sector, Guid Id, int Reviews, decimal? Score, decimal? StdDev, bool Disagreement, bool Passes, int Excluded,
        bool ReplacementNeeded);

    /// <summary>Asserts that the whole ranking of the call equals a recomputation from its assignments, ranks included.</summary>
    private async Task AssertExactAsync(HttpClient admin, Guid callId, string step)
    {
        var ranking = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/calls/{callId}/ranking?pageSize={Ranking.MaxPageSize}"))!;
        var shown = ranking.ToDictionary(g => g.GetProperty("sectorCode").GetString() ?? "", g => (
            Ranked: g.GetProperty("ranked").GetInt32(),
            Rows: g.GetProperty("applications").EnumerateArray().Select(r => (Rank: r.GetProperty("rank").GetInt32(), Row: new Row(
                g.GetProperty("sectorCode").GetString(), r.GetProperty("applicationId").GetGuid(), r.GetProperty("reviews").GetInt32(),
                Decimal(r.GetProperty("score")), Decimal(r.GetProperty("stdDev")), r.GetProperty("disagreement").GetBoolean(),
                r.GetProperty("passes").GetBoolean(), r.GetProperty("excludedReviews").GetInt32(), r.GetProperty("replacementNeeded").GetBoolean()))).ToList()));

        var expected = (await RecomputeAsync(callId)).GroupBy(r => r.Sector ?? "").ToDictionary(g => g.Key, g => g
            .OrderByDescending(r => r.Score ?? -1).ThenByDescending(r => r.Reviews).ThenBy(r => r.Id)
            .Select((r, i) => (Rank: i + 1, Row: r)).ToList());

        Assert.True(expected.Keys.Order().SequenceEqual(shown.Keys.Order()), $"After {step}: sectors {string.Join(", ", shown.Keys)}");
        foreach (var (sector, rows) in expected)
        {
            Assert.True(rows.Count == shown[sector].Ranked, $"After {step}: {sector} ranks {shown[sector].Ranked}, expected {rows.Count}");
            Assert.True(rows.SequenceEqual(shown[sector].Rows),
                $"After {step}, {sector}:\nexpected {string.Join("\n", rows)}\nshown    {string.Join("\n", shown[sector].Rows)}");
        }
    }

    /// <summary>The call's ranking computed from its applications' current rounds, as the streamed SQLite path does.</summary>
    private async Task<List<Row>> RecomputeAsync(Guid callId)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        var reviews = new Dictionary<(string, int), JsonNode>();
        await using (var read = new NpgsqlCommand("""SELECT "Key", "Version", "Content" FROM "Workflows" """, connection))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                if (JsonNode.Parse(reader.GetString(2))!["review"] is { } review)
                    reviews[(reader.GetString(0), reader.GetInt32(1))] = review;

        var rounds = new Dictionary<Guid, (string? Sector, string Key, int Version, List<(string? Status, decimal? Total)> Round)>();
        await using (var read = new NpgsqlCommand("""
            SELECT a."Id", a."SectorCode", a."WorkflowKey", a."WorkflowVersion", s."Status", s."WeightedTotal"
            FROM "Applications" a LEFT JOIN "Assignments" s ON s."ApplicationId" = a."Id" AND s."Round" = a."ReviewRound"
            WHERE a."CallId" = @call AND a."SubmittedAt" IS NOT NULL
            """, connection))
        {
            read.Parameters.AddWithValue("call", callId);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                if (!rounds.TryGetValue(id, out var application))
                    rounds[id] = application = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt32(3), []);
                if (!reader.IsDBNull(4))
                    application.Round.Add((reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
            }
        }

        var rows = new List<Row>();
        foreach (var (id, (sector, key, version, round)) in rounds)
        {
            if (!reviews.TryGetValue((key, version), out var review))
                continue;
            var statuses = round.Select(r => Enum.Parse<AssignmentStatus>(r.Status!)).ToList();
            var totals = round.Where(r => r is { Status: "Submitted", Total: not null }).Select(r => r.Total!.Value).ToList();
            var minimum = review["minReviewers"]!.GetValue<int>();
            var result = Scoring.Aggregate(review["aggregation"]!.GetValue<string>(), totals, review["disagreementStdDev"]!.GetValue<decimal>());
            rows.Add(new Row(sector, id, result.Count, result.Score, result.StdDev, result.Disagreement,
                result.Score >= review["passScore"]!.GetValue<decimal>() && result.Count >= minimum,
                round.Count(r => r is { Status: "Conflicted", Total: not null }), AssignmentStatuses.ReplacementNeeded(statuses, minimum)));
        }
        return rows;
    }

    private static decimal? Decimal(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    private static async Task<Dictionary<Guid, Guid>> AssignmentsByExpertAsync(HttpClient admin, Guid applicationId) =>
        (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{applicationId}/assignments"))!
        .GroupBy(a => a.GetProperty("round").GetInt32()).MaxBy(g => g.Key)!
        .Where(a => a.GetProperty("status").GetString() is "Assigned" or "Submitted")
        .ToDictionary(a => a.GetProperty("expertId").GetGuid(), a => a.GetProperty("id").GetGuid());

    private static async Task ReviewedAsync(Expert expert, Guid assignmentId, decimal each) =>
        await Expect.StatusAsync(await ReviewAsync(expert.Client, assignmentId, Scores(each)), HttpStatusCode.OK);

    [Fact]
    public async Task Every_kind_of_change_keeps_the_stored_ranking_equal_to_a_recomputation()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        await AssertExactAsync(admin, s.CallId, "submitting and accepting");

        // A second application of the call, in another sector: a draft is not ranked, a submitted one is.
        var other = await Calls.SignedInAsRoleAsync(Factory, admin, "Applicant");
        var second = await WorkflowBuilder.CreateApplicationAsync(other, s.CallId, sector: "smart-ports");
        await AssertExactAsync(admin, s.CallId, "creating a draft");
        await Expect.StatusAsync(await Transitions.FireAsync(other, second, "submit"), HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "submitting the second");

        var experts = new List<Expert>();
        foreach (var province in new[] { "11", "31", "32", "33", "51" })
            experts.Add(await ExpertAsync(Factory, admin, province: province));
        var assignments = new List<Guid>();
        foreach (var expert in experts.Take(4))
            assignments.Add(await AssignAsync(admin, s.ApplicationId, expert.Id));
        await AssertExactAsync(admin, s.CallId, "assigning by hand");

        await ReviewedAsync(experts[0], assignments[0], 91);
        await AssertExactAsync(admin, s.CallId, "a review");
        await ReviewedAsync(experts[1], assignments[1], 62.5m);
        await ReviewedAsync(experts[0], assignments[0], 78);
        await AssertExactAsync(admin, s.CallId, "a revised review");

        await Expect.StatusAsync(await experts[3].Client.PostAsJsonAsync($"/api/assignments/{assignments[3]}/decline", new { reason = "时间冲突" }),
            HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "a decline");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/assignments/{assignments[2]}/reassign", new { expertId = experts[4].Id }),
            HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "a reassignment");
        var reassigned = (await AssignmentsByExpertAsync(admin, s.ApplicationId))[experts[4].Id];
        await Expect.StatusAsync(await admin.DeleteAsync($"/api/applications/{s.ApplicationId}/assignments/{reassigned}"), HttpStatusCode.NoContent);
        await AssertExactAsync(admin, s.CallId, "a removal");

        // A conflict given after the review takes it out of the aggregate and leaves the round short.
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/experts/{experts[1].Id}/conflicts",
            new { creditCode = await ApplicantCodeAsync(s), reason = "专家近期受聘于该企业" }), HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "a conflict after the review");

        // SQL round the API: a total changed, the conflicted review deleted.
        await ExecuteAsync($"UPDATE \"Assignments\" SET \"WeightedTotal\" = 83.3333 WHERE \"Id\" = '{assignments[0]}'");
        await AssertExactAsync(admin, s.CallId, "an UPDATE round the API");
        await ExecuteAsync($"DELETE FROM \"Assignments\" WHERE \"Id\" = '{assignments[1]}'");
        await AssertExactAsync(admin, s.CallId, "a DELETE round the API");

        // A new round: returned, submitted again and accepted; its automatic assignment is one COPY.
        await s.MoveAsync(admin, "return", "请补充应用成效数据。");
        await AssertExactAsync(admin, s.CallId, "a return");
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        await AssertExactAsync(admin, s.CallId, "a new review round");
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/calls/{s.CallId}/assignments/auto", new { dryRun = false }), HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "automatic assignment");
        var round = await AssignmentsByExpertAsync(admin, s.ApplicationId);
        var scores = new Queue<decimal>([55, 96, 71]);
        foreach (var expert in experts.Where(e => round.ContainsKey(e.Id)))
            await ReviewedAsync(expert, round[expert.Id], scores.Dequeue());
        Assert.Equal("Deliberation", await s.StateAsync());
        await AssertExactAsync(admin, s.CallId, "the quorum");

        // Migrated to a version that ranks by median: every score of the version is recomputed by the new method.
        var v2 = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", $"{Benchmark}.json")))!.AsObject();
        v2["version"] = WorkflowVersions.BenchmarkNext;
        v2["review"]!["aggregation"] = Scoring.Median;
        v2["review"]!["passScore"] = 75;
        var before = (await RecomputeAsync(s.CallId)).Single(r => r.Id == s.ApplicationId).Score;
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/workflows/{Benchmark}/versions", v2), HttpStatusCode.Created);
        await Expect.StatusAsync(await admin.PostAsync($"/api/workflows/{Benchmark}/versions/{WorkflowVersions.BenchmarkNext}/publish", null), HttpStatusCode.OK);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/workflows/{Benchmark}/migrations",
            new { fromVersion = WorkflowVersions.Benchmark, toVersion = WorkflowVersions.BenchmarkNext, dryRun = false }), HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "migrating to a median version");
        Assert.NotEqual(before, (await RecomputeAsync(s.CallId)).Single(r => r.Id == s.ApplicationId).Score);

        await Expect.StatusAsync(await Transitions.FireAsync(other, second, "withdraw"), HttpStatusCode.OK);
        await AssertExactAsync(admin, s.CallId, "a withdrawal");
    }

    [Fact]
    public async Task Concurrent_reviews_of_one_application_are_all_in_its_stored_aggregate()
    {
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var experts = new List<Expert>();
        foreach (var province in new[] { "11", "31", "32", "33", "51" })
            experts.Add(await ExpertAsync(Factory, admin, province: province));
        var assignments = new List<Guid>();
        foreach (var expert in experts)
            assignments.Add(await AssignAsync(admin, s.ApplicationId, expert.Id));

        var responses = await Task.WhenAll(experts.Select((e, i) => ReviewAsync(e.Client, assignments[i], Scores(60 + 7 * i))));

        // Reviews of one application queue on its row; the third completes the quorum and closes the round to the others.
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await AssertExactAsync(admin, s.CallId, "five concurrent reviews");
        Assert.Equal(3, (await RecomputeAsync(s.CallId)).Single().Reviews);
    }

    [Fact]
    public async Task Two_transactions_changing_one_round_without_its_row_lock_both_count()
    {
        // Writers round the API take no application lock: the second waits for the first's aggregate row and then sees
        // its committed review, instead of writing an aggregate computed without it.
        var admin = await AsAdminAsync();
        var s = await InReviewAsync(Factory, admin);
        var experts = await WorkflowBuilder.CreateExpertsAsync(admin, 2);
        await using var first = new NpgsqlConnection(Fixture.ConnectionString);
        await using var second = new NpgsqlConnection(Fixture.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        await using var one = await first.BeginTransactionAsync();
        await using var two = await second.BeginTransactionAsync();

        await InsertReviewAsync(first, s.ApplicationId, experts[0], 90);
        var waiting = InsertReviewAsync(second, s.ApplicationId, experts[1], 60);
        await BlockedAsync(second.ProcessID, waiting);
        await one.CommitAsync();
        await waiting;
        await two.CommitAsync();

        await AssertExactAsync(admin, s.CallId, "two concurrent inserts round the API");
        Assert.Equal(75.00m, (await RecomputeAsync(s.CallId)).Single().Score);
    }

    /// <summary>Returns once the backend waits for a lock (the first transaction's aggregate row), or its statement is done.</summary>
    private async Task BlockedAsync(int backend, Task statement)
    {
        while (!statement.IsCompleted && await ScalarAsync<string>($"SELECT wait_event_type FROM pg_stat_activity WHERE pid = {backend}") != "Lock")
            await Task.Delay(20);
    }

    private static async Task InsertReviewAsync(NpgsqlConnection connection, Guid applicationId, Guid expertId, decimal total)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "Assignments" ("Id", "ApplicationId", "CallId", "Round", "ExpertId", "Status", "CreatedAt", "DueAt", "Late", "SubmittedAt",
                "WeightedTotal", "Version")
            SELECT gen_random_uuid(), a."Id", a."CallId", a."ReviewRound", @expert, 'Submitted', now(), now(), false, now(), @total, 1
            FROM "Applications" a WHERE a."Id" = @application
            """, connection);
        insert.Parameters.AddWithValue("application", applicationId);
        insert.Parameters.AddWithValue("expert", expertId);
        insert.Parameters.AddWithValue("total", total);
        await insert.ExecuteNonQueryAsync();
    }
}
