using System.Text;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

public sealed class NullBodyTests(ApiFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/calls" },
        { "POST", "/api/users" },
        { "POST", "/api/auth/register" },
        { "POST", "/api/auth/token" },
        { "PUT", $"/api/experts/{Guid.NewGuid()}" },
        { "POST", $"/api/experts/{Guid.NewGuid()}/conflicts" },
        { "PUT", $"/api/organisations/{Guid.NewGuid()}" },
        { "POST", $"/api/workflows/demonstration-benchmark/migrations" },
        { "POST", "/api/credit-code-overrides" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_json_null_body_is_a_400_never_a_500(string method, string path)
    {
        var admin = await AsAdminAsync();
        var before = await CountRowsAsync();

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("null", Encoding.UTF8, "application/json"),
        });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountRowsAsync());
    }
}
