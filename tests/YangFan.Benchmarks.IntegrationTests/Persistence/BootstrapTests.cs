using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

public sealed class BootstrapTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_configured_admin_is_created_once_and_only_while_no_admin_exists()
    {
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AspNetUsers\" WHERE \"Role\" = 'Admin'"));

        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-bs-{Guid.NewGuid():N}"));
        settings["Bootstrap:AdminEmail"] = "second-admin@tests.yangfan.cn";
        await using (var again = new ApiFactory(settings))
            _ = again.Server;

        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AspNetUsers\" WHERE \"Role\" = 'Admin'"));
        Assert.Equal(ApiFactory.AdminEmail, await ScalarAsync<string>("SELECT \"Email\" FROM \"AspNetUsers\" WHERE \"Role\" = 'Admin'"));
    }

    [Fact]
    public async Task Demo_data_adds_one_account_per_role_and_Shenzhens_recommender_with_the_demo_password()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-demo-{Guid.NewGuid():N}"));
        settings["Seed:DemoData"] = "true";
        settings["Seed:DemoPassword"] = "Demo-Passw0rd-Tests";
        await using var demo = new ApiFactory(settings);

        foreach (var (email, role) in new[] { ("admin@demo.yangfan.cn", "Admin"), ("applicant@demo.yangfan.cn", "Applicant"),
                     ("recommender@demo.yangfan.cn", "Recommender"), ("recommender-shenzhen@demo.yangfan.cn", "Recommender"),
                     ("expert@demo.yangfan.cn", "Expert") })
        {
            var me = await (await Calls.SignedInAsync(demo, email, "Demo-Passw0rd-Tests")).GetFromJsonAsync<JsonElement>("/api/me");
            Assert.Equal(role, me.GetProperty("role").GetString());
        }
        // The demo organisation is in Shenzhen, whose own recommender covers it; Guangdong's covers the rest of the province.
        var shenzhen = await (await Calls.SignedInAsync(demo, "recommender-shenzhen@demo.yangfan.cn", "Demo-Passw0rd-Tests")).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("4403", shenzhen.GetProperty("recommender").GetProperty("cityCode").GetString());
        var applicant = await (await Calls.SignedInAsync(demo, "applicant@demo.yangfan.cn", "Demo-Passw0rd-Tests")).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("4403", applicant.GetProperty("organisation").GetProperty("cityCode").GetString());
    }
}
