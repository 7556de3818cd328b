using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Reviews;

/// <summary>Experts and applications in expert review, built through the API.</summary>
public static class ReviewScenario
{
    public sealed record Expert(Guid Id, string Name, string Affiliation, HttpClient Client, string Email);

    public static async Task<Expert> ExpertAsync(ApiFactory factory, HttpClient admin, string province = "11", string[]? sectors = null,
        string? affiliation = null, int capacity = 10)
    {
        var email = $"expert-{Guid.NewGuid():N}@example.cn";
        var name = $"专家{Guid.NewGuid().ToString("N")[..6]}";
        affiliation ??= TestData.NewCreditCode();
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = "Expert-Passw0rd", displayName = name, role = "Expert",
            expert = new { affiliationCreditCode = affiliation, provinceCode = province, sectors = sectors ?? ["industrial-internet", "smart-ports"] },
        });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (capacity != 10)
            await Expect.StatusAsync(await admin.PutAsJsonAsync($"/api/experts/{id}", new
            {
                affiliationCreditCode = affiliation, provinceCode = province, sectors = sectors ?? ["industrial-internet", "smart-ports"],
                maxAssignmentsPerCall = capacity, active = true,
            }), HttpStatusCode.OK);
        return new Expert(id, name, affiliation, await Calls.SignedInAsync(factory, email, "Expert-Passw0rd"), email);
    }

    /// <summary>A scenario's application moved on to expert review, naming <paramref name="partner"/> as its first partner if given.</summary>
    public static async Task<WorkflowScenario> InReviewAsync(ApiFactory factory, HttpClient admin, string programme = "demonstration-benchmark",
        string? partner = null)
    {
        var s = await WorkflowScenario.CreateAsync(factory, admin, programme);
        if (partner is not null)
        {
            var content = JsonSerializer.SerializeToNode(TestContent.CompleteFor(programme))!;
            content["partners"]![0]!["creditCode"] = partner;
            var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{s.ApplicationId}")
            {
                Content = JsonContent.Create(new { sectorCode = "industrial-internet", content }),
            };
            edit.Headers.IfMatch.Add((await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}")).Headers.ETag!);
            await Expect.StatusAsync(await s.Applicant.SendAsync(edit), HttpStatusCode.OK);
        }
        await s.MoveAsync(s.Applicant, "submit");
        await s.MoveAsync(s.Recommender, "recommend");
        await s.MoveAsync(admin, "accept");
        return s;
    }

    /// <summary>An application in expert review with experts from distinct provinces (none the applicant's) assigned to it.</summary>
    public static async Task<(WorkflowScenario S, List<Expert> Experts, List<Guid> Assignments)> AssignedAsync(ApiFactory factory, HttpClient admin,
        int experts = 3)
    {
        var s = await InReviewAsync(factory, admin);
        var list = new List<Expert>();
        var assignments = new List<Guid>();
        foreach (var province in new[] { "11", "31", "32", "33", "51" }.Take(experts))
        {
            var expert = await ExpertAsync(factory, admin, province: province);
            list.Add(expert);
            assignments.Add(await AssignAsync(admin, s.ApplicationId, expert.Id));
        }
        return (s, list, assignments);
    }

    public static async Task<string> ApplicantCodeAsync(WorkflowScenario s) =>
        (await s.Applicant.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").GetProperty("creditCode").GetString()!;

    public static async Task<Guid> AssignAsync(HttpClient admin, Guid applicationId, Guid expertId)
    {
        var response = await admin.PostAsJsonAsync($"/api/applications/{applicationId}/assignments", new { expertId });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static object Scores(decimal each = 80) => new
    {
        scores = new Dictionary<string, decimal>
        {
            ["innovation"] = each, ["outcomes"] = each, ["integration-depth"] = each, ["replicability"] = each, ["security"] = each,
        },
        comment = "项目技术路线清晰，5G 专网与边缘计算融合较深，应用成效数据可信。",
        recommendation = "Recommend",
    };

    /// <summary>
    /// Writes the review. Without <paramref name="ifMatch"/> the expert first confirms having no conflict of interest,
    /// if not yet done, and sends the assignment's version as it then is.
    /// </summary>
    public static async Task<HttpResponseMessage> ReviewAsync(HttpClient expert, Guid assignmentId, object body, string? ifMatch = null,
        string? idempotencyKey = null)
    {
        ifMatch ??= $"\"{await ConfirmAsync(expert, assignmentId)}\"";
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/assignments/{assignmentId}/review") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await expert.SendAsync(request);
    }

    /// <summary>The expert confirms having no conflict of interest with the assignment's applicant, once; returns the assignment's version.</summary>
    public static async Task<int> ConfirmAsync(HttpClient expert, Guid assignmentId)
    {
        var queue = await expert.GetFromJsonAsync<JsonElement[]>("/api/me/assignments");
        var assignment = queue!.Single(a => a.GetProperty("id").GetGuid() == assignmentId);
        if (assignment.GetProperty("confirmedAt").ValueKind != JsonValueKind.Null)
            return assignment.GetProperty("version").GetInt32();
        var confirmed = await expert.PostAsync($"/api/assignments/{assignmentId}/confirm-no-conflict", null);
        await Expect.StatusAsync(confirmed, HttpStatusCode.OK);
        return (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    /// <summary>An application in review with experts assigned, each of whom has confirmed having no conflict of interest.</summary>
    public static async Task<(WorkflowScenario S, List<Expert> Experts, List<Guid> Assignments)> ConfirmedAsync(ApiFactory factory, HttpClient admin,
        int experts = 3)
    {
        var assigned = await AssignedAsync(factory, admin, experts);
        for (var i = 0; i < experts; i++)
            await ConfirmAsync(assigned.Experts[i].Client, assigned.Assignments[i]);
        return assigned;
    }
}
