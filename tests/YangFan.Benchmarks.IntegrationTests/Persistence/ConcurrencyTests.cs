using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Persistence;

public sealed class ConcurrencyTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_write_based_on_a_stale_version_is_refused_not_silently_applied()
    {
        var registered = await Calls.RegisterAsync(Anonymous(), "race@example.cn");
        var organisationId = registered.GetProperty("organisationId").GetGuid();
        await using var scopeA = Factory.Services.CreateAsyncScope();
        await using var scopeB = Factory.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<AppDbContext>();
        var b = scopeB.ServiceProvider.GetRequiredService<AppDbContext>();
        var first = await a.Organisations.SingleAsync(o => o.Id == organisationId);
        var second = await b.Organisations.SingleAsync(o => o.Id == organisationId);

        first.Address = "A 写入的地址";
        await a.SaveChangesAsync();
        second.Address = "B 基于旧版本的地址";
        var error = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());

        Assert.Equal("A 写入的地址", await ScalarAsync<string>($"SELECT \"Address\" FROM \"Organisations\" WHERE \"Id\" = '{organisationId}'"));
        Assert.Equal(2, await ScalarAsync<int>($"SELECT \"Version\" FROM \"Organisations\" WHERE \"Id\" = '{organisationId}'"));
        var problem = ProblemExceptionHandler.ToProblem(error);
        Assert.Equal(409, problem.Status);
        Assert.Equal(ProblemTypes.ConcurrencyConflict, problem.Type);
    }
}
