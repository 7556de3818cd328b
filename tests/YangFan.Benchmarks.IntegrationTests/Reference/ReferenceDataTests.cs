using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Reference;

public sealed class ReferenceDataTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Anyone_can_read_the_fifteen_key_sectors_in_plan_order()
    {
        var sectors = await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/sectors");

        Assert.Equal(15, sectors!.Length);
        Assert.Equal("info-consumption", sectors[0].GetProperty("code").GetString());
        Assert.Equal("smart-city", sectors[^1].GetProperty("code").GetString());
        Assert.Equal("5G+工业互联网", sectors.Single(s => s.GetProperty("code").GetString() == "industrial-internet").GetProperty("nameZh").GetString());
    }

    [Fact]
    public async Task Programmes_carry_the_national_targets_of_the_plan()
    {
        var programmes = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/programmes"))!
            .ToDictionary(p => p.GetProperty("key").GetString()!);

        Assert.Equal("per-sector", programmes["demonstration-benchmark"].GetProperty("targetScope").GetString());
        Assert.Equal(100, programmes["demonstration-benchmark"].GetProperty("minTarget").GetInt32());
        Assert.Equal(100, programmes["solution-supplier"].GetProperty("minTarget").GetInt32());
        Assert.Equal(JsonValueKind.Null, programmes["innovation-centre"].GetProperty("minTarget").ValueKind);
        Assert.Equal(10, programmes["security-centre"].GetProperty("minTarget").GetInt32());
        Assert.Equal(20, programmes["security-centre"].GetProperty("maxTarget").GetInt32());
        Assert.Equal(3, programmes["regional-security-benchmark"].GetProperty("minTarget").GetInt32());
        Assert.Equal(5, programmes["regional-security-benchmark"].GetProperty("maxTarget").GetInt32());
    }

    [Fact]
    public async Task Provinces_are_listed_by_their_GB_T_2260_codes()
    {
        var provinces = await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/provinces");

        Assert.Equal(34, provinces!.Length);
        Assert.Contains(provinces, p => p.GetProperty("code").GetString() == "44" && p.GetProperty("nameZh").GetString() == "广东省");
        Assert.Contains(provinces, p => p.GetProperty("code").GetString() == "82");
    }

    [Fact]
    public async Task Indicators_show_target_latest_observation_and_share_of_target()
    {
        var indicators = (await Anonymous().GetFromJsonAsync<JsonElement[]>("/api/indicators"))!
            .ToDictionary(i => i.GetProperty("code").GetString()!);

        Assert.Equal(7, indicators.Count);
        var stations = indicators["base-stations-per-10k"];
        Assert.Equal(18m, stations.GetProperty("target").GetDecimal());
        Assert.Equal(22.6m, stations.GetProperty("latest").GetProperty("value").GetDecimal());
        Assert.Equal(125.6m, stations.GetProperty("percentOfTarget").GetDecimal());
        var networks = indicators["virtual-private-networks"];
        Assert.Equal("2023-09", networks.GetProperty("latest").GetProperty("period").GetString());
        Assert.Equal(2, networks.GetProperty("observations").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, indicators["iot-growth"].GetProperty("latest").ValueKind);
    }

    [Fact]
    public async Task A_second_start_up_adds_nothing_and_a_changed_seed_file_updates_names_without_deleting_rows()
    {
        var before = await CountRowsAsync();
        var seededEvents = await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'reference-data.seeded'");

        // A second API process on the same database: migrations and seeds run again.
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"yangfan-seed-{Guid.NewGuid():N}");
        await using (var second = new ApiFactory(ApiFactory.PostgresSettings(Fixture.ConnectionString, dataDirectory)))
            _ = second.Server;

        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(seededEvents, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'reference-data.seeded'"));

        // A third start with an edited copy of the seeds: one sector renamed, one province dropped from the file.
        var seeds = Path.Combine(dataDirectory, "seeds");
        Directory.CreateDirectory(seeds);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds")))
            File.Copy(file, Path.Combine(seeds, Path.GetFileName(file)));
        var sectors = File.ReadAllText(Path.Combine(seeds, "sectors.json")).Replace("5G+智慧港口", "5G+智慧港口（更名）");
        File.WriteAllText(Path.Combine(seeds, "sectors.json"), sectors);
        var provinces = JsonSerializer.Deserialize<List<JsonElement>>(File.ReadAllText(Path.Combine(seeds, "provinces.json")))!
            .Where(p => p.GetProperty("code").GetString() != "46").ToList();
        File.WriteAllText(Path.Combine(seeds, "provinces.json"), JsonSerializer.Serialize(provinces));

        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, dataDirectory);
        settings["Seed:Path"] = seeds;
        await using (var third = new ApiFactory(settings))
            _ = third.Server;

        Assert.Equal("5G+智慧港口（更名）", await ScalarAsync<string>("SELECT \"NameZh\" FROM \"Sectors\" WHERE \"Code\" = 'smart-ports'"));
        Assert.Equal(34, await ScalarAsync<long>("SELECT count(*) FROM \"Provinces\""));
        Assert.Equal(15, await ScalarAsync<long>("SELECT count(*) FROM \"Sectors\""));
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready_with_the_schema_migrated()
    {
        var client = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_reports_unhealthy_when_a_migration_is_missing_from_the_database()
    {
        var last = await ScalarAsync<string>("SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\"");
        await ExecuteAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'");
        try
        {
            var ready = await Anonymous().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await ExecuteAsync($"INSERT INTO \"__EFMigrationsHistory\" VALUES ('{last}', '10.0.11')");
        }
    }

    [Fact]
    public async Task Swagger_describes_the_endpoints_with_the_bearer_scheme()
    {
        var document = await Anonymous().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/auth/register", out var register));
        Assert.True(register.GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(paths.TryGetProperty("/api/audit/verify", out _));
    }
}
