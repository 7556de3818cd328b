using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;
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

    /// <summary>
    /// A call created and opened through the admin API, open from a day ago for <paramref name="openDays"/> days; with
    /// <paramref name="requiredAttachments"/> (kinds such as application-form) on a new version of the form that requires them.
    /// </summary>
    public static async Task<Guid> OpenCallAsync(HttpClient admin, string programme = "demonstration-benchmark", int openDays = 30,
        int? quota = null, string[]? requiredAttachments = null)
    {
        var now = DateTimeOffset.UtcNow;
        // Required attachments come with the form: a call that requires some pins a version of the form that does.
        int? formVersion = requiredAttachments is { Length: > 0 } ? await FormVersions.RequiringAsync(admin, programme, requiredAttachments) : null;
        var created = await admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = programme, year = 2026, batch = 1, titleZh = "2026 年第一批", titleEn = "2026 first batch",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(openDays),
            sectors = programme == "demonstration-benchmark" ? new[] { "industrial-internet", "smart-ports" } : null,
            recommenderQuota = quota, formVersion,
        });
        await Expect.StatusAsync(created, System.Net.HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Expect.StatusAsync(await admin.PostAsync($"/api/calls/{id}/open", null), System.Net.HttpStatusCode.OK);
        return id;
    }

    /// <summary>
    /// A complete application of the applicant's organisation, through the API: its content, and a small PDF of each
    /// attachment kind its call's form requires (the shipped security-centre form requires the application form),
    /// unless <paramref name="attachRequired"/> is false for a test of what is missing.
    /// </summary>
    public static async Task<Guid> CreateApplicationAsync(HttpClient applicant, Guid callId, string programme = "demonstration-benchmark",
        string sector = "industrial-internet", bool attachRequired = true)
    {
        var response = await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new
        {
            sectorCode = programme == "demonstration-benchmark" ? sector : null,
            content = TestContent.CompleteFor(programme),
        });
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (attachRequired)
            await AttachRequiredAsync(applicant, id);
        return id;
    }

    /// <summary>Uploads a small PDF of each attachment kind the application's form marks required.</summary>
    public static async Task AttachRequiredAsync(HttpClient applicant, Guid applicationId)
    {
        var form = await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{applicationId}/form");
        foreach (var kind in form.GetProperty("form").GetProperty("attachments").EnumerateArray()
                     .Where(a => a.GetProperty("required").GetBoolean()).Select(a => a.GetProperty("kind").GetString()!))
            await Expect.StatusAsync(await Intake.AttachmentTests.UploadAsync(applicant, applicationId, Intake.AttachmentTests.Pdf, kind + ".pdf", kind),
                System.Net.HttpStatusCode.Created);
    }

    /// <summary>Submitted reviews of the application's current round by the given experts, then the engine's re-evaluation.</summary>
    public static Task<int> SubmitReviewsAsync(WebApplicationFactory<Program> factory, Guid applicationId, IEnumerable<Guid> experts) =>
        InTransactionAsync(factory, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            foreach (var expert in experts)
                db.Assignments.Add(new Assignment
                {
                    Id = Guid.NewGuid(), ApplicationId = applicationId, CallId = application.CallId, Round = application.ReviewRound,
                    ExpertId = expert, Status = AssignmentStatus.Submitted, CreatedAt = DateTimeOffset.UtcNow,
                    DueAt = DateTimeOffset.UtcNow.AddDays(21), SubmittedAt = DateTimeOffset.UtcNow,
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

    /// <summary>The scenario, with the applicant's organisation verified (as it must be to submit) unless <paramref name="verified"/> is false.</summary>
    public static async Task<WorkflowScenario> CreateAsync(WebApplicationFactory<Program> factory, HttpClient admin, string programme = "demonstration-benchmark",
        bool verified = true)
    {
        var email = $"applicant-{Guid.NewGuid():N}@example.cn";
        var registered = await Calls.RegisterAsync(factory.CreateClient(), email);
        var applicant = await Calls.SignedInAsync(factory, email, "Applicant-Passw0rd");
        if (verified)
            await OrganisationSteps.VerifyOrganisationAsync(applicant, admin);
        var recommenderEmail = $"gd-{Guid.NewGuid():N}@example.cn";
        await Expect.StatusAsync(await admin.PostAsJsonAsync("/api/users", new
        {
            email = recommenderEmail, password = "Recommender-Passw0rd", displayName = "广东省工业和信息化厅", role = "Recommender",
            recommender = new { provinceCode = "44" },
        }), System.Net.HttpStatusCode.Created);
        var recommender = await Calls.SignedInAsync(factory, recommenderEmail, "Recommender-Passw0rd");
        var organisationId = registered.GetProperty("organisationId").GetGuid();
        var callId = await WorkflowBuilder.OpenCallAsync(admin, programme);
        var applicationId = await WorkflowBuilder.CreateApplicationAsync(applicant, callId, programme);
        return new WorkflowScenario
        {
            Admin = admin, Applicant = applicant, Recommender = recommender, OrganisationId = organisationId,
            CallId = callId, ApplicationId = applicationId,
        };
    }

    /// <summary>A benchmark application released into a public notice, whose notice-ends timer is pending (7 days).</summary>
    public static async Task<WorkflowScenario> InPublicNoticeAsync(WebApplicationFactory<Program> factory, HttpClient admin)
    {
        var s = await CreateAsync(factory, admin);
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        await WorkflowBuilder.SubmitReviewsAsync(factory, s.ApplicationId, await WorkflowBuilder.CreateExpertsAsync(admin, 3));
        await s.MoveAsync(admin, "shortlist");
        Assert.Equal("PublicNotice", await s.ReleaseAsync());
        return s;
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

    /// <summary>
    /// Releases the call's staged decisions through <c>POST /api/calls/{id}/decisions/release</c>, the only way to
    /// fire <c>release</c>, and returns the application's new state.
    /// </summary>
    public async Task<string> ReleaseAsync()
    {
        await Expect.StatusAsync(await Admin.PostAsync($"/api/calls/{CallId}/decisions/release", null), System.Net.HttpStatusCode.OK);
        return await StateAsync();
    }

    public async Task<string> StateAsync() =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/applications/{ApplicationId}")).GetProperty("state").GetString()!;
}
