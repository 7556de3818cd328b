using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Workflows;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// Builds calls, applications and reviews through the API's own services, in one audited transaction each, for
/// the features whose endpoints arrive with later issues (calls, intake, reviewing).
/// </summary>
public static class WorkflowBuilder
{
    public static async Task<T> InTransactionAsync<T>(WebApplicationFactory<Program> factory, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await work(scope.ServiceProvider);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>A call of the programme, open from a day ago for <paramref name="openDays"/> days, pinned to the published workflow.</summary>
    public static Task<Guid> OpenCallAsync(WebApplicationFactory<Program> factory, string programme = "demonstration-benchmark", int openDays = 30) =>
        InTransactionAsync(factory, async services =>
        {
            var now = DateTimeOffset.UtcNow;
            var call = await services.GetRequiredService<ApplicationLauncher>().CreateCallAsync(
                programme, "2026 年第一批", "2026 first batch", now.AddDays(-1), now.AddDays(openDays), null, CancellationToken.None);
            return call.Id;
        });

    public static Task<Guid> CreateApplicationAsync(WebApplicationFactory<Program> factory, Guid callId, Guid organisationId) =>
        InTransactionAsync(factory, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var call = await db.Calls.SingleAsync(c => c.Id == callId);
            var application = await services.GetRequiredService<ApplicationLauncher>()
                .CreateApplicationAsync(call, organisationId, Actor.System(AuditChannels.Api), CancellationToken.None);
            return application.Id;
        });

    /// <summary>Submitted reviews of the application's current round by the given experts, then the engine's re-evaluation.</summary>
    public static Task<int> SubmitReviewsAsync(WebApplicationFactory<Program> factory, Guid applicationId, IEnumerable<Guid> experts) =>
        InTransactionAsync(factory, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            foreach (var expert in experts)
                db.Reviews.Add(new Review
                {
                    Id = Guid.NewGuid(), ApplicationId = applicationId, Round = application.ReviewRound, ExpertId = expert,
                    SubmittedAt = DateTimeOffset.UtcNow,
                });
            await db.SaveChangesAsync();
            await services.GetRequiredService<WorkflowRuntime>().ReevaluateAsync(application, AuditChannels.Api, CancellationToken.None);
            return application.ReviewRound;
        });

    public static async Task<List<Guid>> CreateExpertsAsync(HttpClient admin, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await admin.PostAsJsonAsync("/api/users", Calls.UserBody($"expert-{Guid.NewGuid():N}@tests.yangfan.cn", "Expert-Passw0rd", "Expert"));
            await Expect.StatusAsync(response, System.Net.HttpStatusCode.Created);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return ids;
    }
}

/// <summary>An applicant, a recommender for the applicant's province and the admin, with one application in Draft.</summary>
public sealed class WorkflowScenario
{
    public required HttpClient Admin { get; init; }
    public required HttpClient Applicant { get; init; }
    public required HttpClient Recommender { get; init; }
    public required Guid OrganisationId { get; init; }
    public required Guid CallId { get; init; }
    public required Guid ApplicationId { get; init; }

    public static async Task<WorkflowScenario> CreateAsync(WebApplicationFactory<Program> factory, HttpClient admin, string programme = "demonstration-benchmark")
    {
        var email = $"applicant-{Guid.NewGuid():N}@example.cn";
        var registered = await Calls.RegisterAsync(factory.CreateClient(), email);
        var applicant = await Calls.SignedInAsync(factory, email, "Applicant-Passw0rd");
        var recommenderEmail = $"gd-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email = recommenderEmail, password = "Recommender-Passw0rd", displayName = "广东省工业和信息化厅", role = "Recommender",
            recommender = new { provinceCode = "44" },
        }), System.Net.HttpStatusCode.Created);
        var recommender = await Calls.SignedInAsync(factory, recommenderEmail, "Recommender-Passw0rd");
        var organisationId = registered.GetProperty("organisationId").GetGuid();
        var callId = await WorkflowBuilder.OpenCallAsync(factory, programme);
        var applicationId = await WorkflowBuilder.CreateApplicationAsync(factory, callId, organisationId);
        return new WorkflowScenario
        {
            Admin = admin, Applicant = applicant, Recommender = recommender, OrganisationId = organisationId,
            CallId = callId, ApplicationId = applicationId,
        };
    }

    public Task<HttpResponseMessage> FireAsync(HttpClient client, string trigger, string? comment = null, string? idempotencyKey = null,
        string? ifMatch = null) => Transitions.FireAsync(client, ApplicationId, trigger, comment, idempotencyKey, ifMatch);

    /// <summary>Fires and asserts success, returning the new state.</summary>
    public async Task<string> MoveAsync(HttpClient client, string trigger, string? comment = null)
    {
        var response = await FireAsync(client, trigger, comment);
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!;
    }

    public async Task<string> StateAsync() =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/applications/{ApplicationId}")).GetProperty("state").GetString()!;
}

public static class Transitions
{
    /// <summary>Reads the current ETag (unless one is given) and fires the trigger with it.</summary>
    public static async Task<HttpResponseMessage> FireAsync(HttpClient client, Guid applicationId, string trigger, string? comment = null,
        string? idempotencyKey = null, string? ifMatch = null)
    {
        if (ifMatch is null)
        {
            var current = await client.GetAsync($"/api/applications/{applicationId}");
            ifMatch = current.Headers.ETag?.Tag;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{applicationId}/transitions")
        {
            Content = JsonContent.Create(new { trigger, comment }),
        };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }
}
