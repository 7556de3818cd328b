using System.Net.Http.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Users;

public sealed class AdminAccessTests(ApiFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "GET", "/api/users" },
        { "POST", "/api/users" },
        { "GET", $"/api/users/{Guid.Empty}" },
        { "POST", $"/api/users/{Guid.Empty}/disable" },
        { "GET", "/api/audit" },
        { "GET", "/api/audit/verify" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_give_401_without_a_token(string method, string path)
    {
        var response = await Anonymous().SendAsync(Request(method, path));

        await Expect.ProblemAsync(response, 401, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_give_403_to_every_other_role(string method, string path)
    {
        var admin = await AsAdminAsync();
        var before = await CountRowsAsync();
        foreach (var role in new[] { "Applicant", "Recommender", "Expert" })
        {
            var client = await Calls.SignedInAsRoleAsync(Factory, admin, role);
            var rowsBefore = await CountRowsAsync();

            var response = await client.SendAsync(Request(method, path));

            await Expect.ProblemAsync(response, 403, "forbidden");
            Assert.Equal(rowsBefore, await CountRowsAsync());
        }
        Assert.True(await CountRowsAsync() > before);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST"
            ? JsonContent.Create(Calls.UserBody($"x{Guid.NewGuid():N}@example.cn", "Some-Passw0rd-1", "Admin"))
            : null,
    };
}
