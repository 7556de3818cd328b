using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// The selection after an application is submitted, over HTTP, as the people in it do it: a recommender of the
/// applicant's province recommends, the administrator accepts it at the formal check, experts review it, the
/// administrator reads the ranking, stages a decision and releases the call's decisions. Linked into the browser tests
/// (with <see cref="Applicants"/> and <see cref="TestData"/>; it needs nothing else of these tests).
/// <paramref name="newClient"/> in each step makes a client of the site without credentials.
/// </summary>
public static class Selection
{
    private const string RecommenderPassword = "Recommender-Passw0rd";
    private const string ExpertPassword = "Expert-Passw0rd";

    /// <summary>Experts' home provinces: none is Guangdong's (44), where the tests' applicants are registered.</summary>
    private static readonly string[] ExpertProvinces = ["11", "31", "32", "33", "51"];

    /// <summary>The review criteria of the shipped benchmark workflows.</summary>
    private static readonly string[] Criteria = ["innovation", "outcomes", "integration-depth", "replicability", "security"];

    /// <summary>A client signed in with a bearer token.</summary>
    public static async Task<HttpClient> SignedInAsync(Func<HttpClient> newClient, string email, string password)
    {
        var client = newClient();
        var issued = await SucceedAsync(client.PostAsJsonAsync("/api/auth/token", new { email, password }));
        var token = await issued.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A new recommending authority of the province (Guangdong unless told), signed in.</summary>
    public static async Task<HttpClient> RecommenderAsync(Func<HttpClient> newClient, HttpClient admin, string provinceCode = "44")
    {
        var (email, password) = await RecommenderAccountAsync(admin, provinceCode);
        return await SignedInAsync(newClient, email, password);
    }

    /// <summary>A new account of the province's recommending authority (Guangdong unless told): its sign-in.</summary>
    public static async Task<(string Email, string Password)> RecommenderAccountAsync(HttpClient admin, string provinceCode = "44")
    {
        var email = $"recommender-{Guid.NewGuid():N}@example.cn";
        await SucceedAsync(admin.PostAsJsonAsync("/api/users", new
        {
            email, password = RecommenderPassword, displayName = "广东省工业和信息化厅", role = "Recommender",
            recommender = new { provinceCode },
        }));
        return (email, RecommenderPassword);
    }

    /// <summary>A recommender of the applicant's province (Guangdong) recommends the submitted application.</summary>
    public static async Task RecommendAsync(Func<HttpClient> newClient, HttpClient admin, Guid applicationId) =>
        await MoveAsync(await RecommenderAsync(newClient, admin), applicationId, "recommend");

    /// <summary>Fires the trigger with the current version, asserts it succeeded, and returns the application's new state.</summary>
    public static async Task<string> MoveAsync(HttpClient client, Guid applicationId, string trigger, string? comment = null)
    {
        var moved = await SucceedAsync(Transitions.FireAsync(client, applicationId, trigger, comment));
        return (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!;
    }

    /// <summary>The comment every review of <see cref="ReviewAsync"/> carries.</summary>
    public const string ReviewComment = "项目技术路线清晰，5G 专网与边缘计算融合较深，应用成效数据可信。";

    /// <summary>
    /// Experts from provinces other than the applicant's are assigned to the application in expert review, and each
    /// submits a review scoring every criterion <paramref name="score"/> (the benchmark workflows' criteria unless
    /// <paramref name="criteria"/> names others); the last review moves it on to the workflow's next stage.
    /// </summary>
    public static Task ReviewAsync(Func<HttpClient> newClient, HttpClient admin, Guid applicationId, int experts = 3, decimal score = 80,
        IReadOnlyList<string>? criteria = null) =>
        ReviewAsync(newClient, admin, applicationId, Enumerable.Repeat(score, experts).ToArray(), criteria);

    /// <summary>
    /// As <see cref="ReviewAsync(Func{HttpClient}, HttpClient, Guid, int, decimal, IReadOnlyList{string})"/>, an expert per score, each scoring
    /// every criterion their own score (reviewers who disagree, when the scores lie far apart).
    /// </summary>
    public static async Task ReviewAsync(Func<HttpClient> newClient, HttpClient admin, Guid applicationId, IReadOnlyList<decimal> scores,
        IReadOnlyList<string>? criteria = null)
    {
        foreach (var (province, score) in ExpertProvinces.Zip(scores))
        {
            var (expertId, email, password) = await ExpertAsync(admin, province);
            var assignment = await AssignAsync(admin, applicationId, expertId);

            var expert = await SignedInAsync(newClient, email, password);
            // 回避: the expert confirms having no conflict of interest before reviewing; confirming raises the version.
            var confirmed = await SucceedAsync(expert.PostAsync($"/api/assignments/{assignment.GetProperty("id").GetGuid()}/confirm-no-conflict", null));
            assignment = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
            var review = new HttpRequestMessage(HttpMethod.Put, $"/api/assignments/{assignment.GetProperty("id").GetGuid()}/review")
            {
                Content = JsonContent.Create(new
                {
                    scores = (criteria ?? Criteria).ToDictionary(c => c, _ => score),
                    comment = ReviewComment,
                    recommendation = "Recommend",
                }),
            };
            review.Headers.TryAddWithoutValidation("If-Match", $"\"{assignment.GetProperty("version").GetInt32()}\"");
            await SucceedAsync(expert.SendAsync(review));
        }
    }

    /// <summary>A new expert of the province (none of the experts' is Guangdong's), made by the administrator: its id and sign-in.</summary>
    public static async Task<(Guid Id, string Email, string Password)> ExpertAsync(HttpClient admin, string province = "11")
    {
        var email = $"expert-{Guid.NewGuid():N}@example.cn";
        var created = await SucceedAsync(admin.PostAsJsonAsync("/api/users", new
        {
            email, password = ExpertPassword, displayName = $"专家{province}", role = "Expert",
            expert = new { affiliationCreditCode = TestData.NewCreditCode(province), provinceCode = province, sectors = new[] { "industrial-internet", "smart-ports" } },
        }));
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), email, ExpertPassword);
    }

    /// <summary>The administrator assigns the expert to the application; returns the assignment as the answer gives it.</summary>
    public static async Task<JsonElement> AssignAsync(HttpClient admin, Guid applicationId, Guid expertId) =>
        await (await SucceedAsync(admin.PostAsJsonAsync($"/api/applications/{applicationId}/assignments", new { expertId })))
            .Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>
    /// A complete demonstration-benchmark application of the applicant in the call (<paramref name="title"/> as its
    /// project title), submitted, recommended and accepted at the formal check: in expert review. Returns its id.
    /// </summary>
    public static async Task<Guid> InReviewAsync(Func<HttpClient> newClient, HttpClient admin, HttpClient applicant, Guid callId, string title)
    {
        var id = await SubmittedAsync(applicant, callId, title);
        await RecommendAsync(newClient, admin, id);
        await MoveAsync(admin, id, "accept");
        return id;
    }

    /// <summary>
    /// A complete demonstration-benchmark application of the applicant in the call (<paramref name="title"/> as its
    /// project title), submitted: awaiting its recommender; with <paramref name="applicationForm"/>, a PDF of that name
    /// uploaded as its application form first; in <paramref name="sector"/>. Returns its id.
    /// </summary>
    public static async Task<Guid> SubmittedAsync(HttpClient applicant, Guid callId, string title, string? applicationForm = null,
        string sector = "industrial-internet")
    {
        var content = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(TestContent.CompleteFor("demonstration-benchmark")))!;
        content["projectTitle"] = title;
        var created = await SucceedAsync(applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new { sectorCode = sector, content }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (applicationForm is not null)
        {
            var file = new ByteArrayContent(TestData.LicencePdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            await SucceedAsync(applicant.PostAsync($"/api/applications/{id}/attachments",
                new MultipartFormDataContent { { new StringContent("application-form"), "kind" }, { file, "file", applicationForm } }));
        }
        await MoveAsync(applicant, id, "submit");
        return id;
    }

    /// <summary>
    /// A complete demonstration-benchmark application of the applicant in the call (<paramref name="title"/> as its
    /// project title, in <paramref name="sector"/>), submitted and recommended by <paramref name="recommender"/> with
    /// <paramref name="opinion"/>. Returns its id.
    /// </summary>
    public static async Task<Guid> RecommendedAsync(HttpClient applicant, HttpClient recommender, Guid callId, string title, string? opinion = null,
        string sector = "industrial-internet")
    {
        var id = await SubmittedAsync(applicant, callId, title, sector: sector);
        await MoveAsync(recommender, id, "recommend", opinion);
        return id;
    }

    /// <summary>The call's ranking as the administrator reads it: <c>GET /api/calls/{id}/ranking</c>.</summary>
    public static async Task<JsonElement> RankingAsync(HttpClient admin, Guid callId) =>
        await (await SucceedAsync(admin.GetAsync($"/api/calls/{callId}/ranking"))).Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Releases the call's staged decisions (<c>POST /api/calls/{id}/decisions/release</c>, the only way to fire <c>release</c>).</summary>
    public static async Task ReleaseAsync(HttpClient admin, Guid callId) =>
        await SucceedAsync(admin.PostAsync($"/api/calls/{callId}/decisions/release", null));

    /// <summary>A security-centre call left a draft (<c>POST /api/calls</c>), opened a day ago and closing at <paramref name="closesAt"/>.</summary>
    public static async Task<Guid> DraftCallAsync(HttpClient admin, int year, int batch, string titleZh, DateTimeOffset closesAt, int? recommenderQuota = null)
    {
        var created = await SucceedAsync(admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "security-centre", year, batch, titleZh, titleEn = $"Security centres {year}-{batch}",
            opensAt = DateTimeOffset.UtcNow.AddDays(-1), closesAt, recommenderQuota,
        }));
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The call an application belongs to, as the administrator reads it.</summary>
    public static async Task<Guid> CallOfAsync(HttpClient admin, Guid applicationId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{applicationId}")).GetProperty("callId").GetGuid();

    /// <summary>Awaits the request and throws with the answer's body unless it succeeded.</summary>
    public static async Task<HttpResponseMessage> SucceedAsync(Task<HttpResponseMessage> sent)
    {
        var response = await sent;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}

/// <summary>Transitions fired over HTTP, with the version the caller last read.</summary>
public static class Transitions
{
    /// <summary>The written opinion (推荐意见) a recommendation carries when a test gives none: <c>recommend</c> requires one.</summary>
    public const string Opinion = "同意推荐：材料齐全，成效突出。";

    /// <summary>
    /// Reads the current ETag (unless one is given) and fires the trigger with it; <c>recommend</c> carries
    /// <see cref="Opinion"/> unless a comment is given.
    /// </summary>
    public static async Task<HttpResponseMessage> FireAsync(HttpClient client, Guid applicationId, string trigger, string? comment = null,
        string? idempotencyKey = null, string? ifMatch = null)
    {
        comment ??= trigger == "recommend" ? Opinion : null;
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
