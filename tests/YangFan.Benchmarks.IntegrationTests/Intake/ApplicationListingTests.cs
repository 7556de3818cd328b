using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Intake;

/// <summary>GET /api/applications: keyset pages by submission time, drafts last, from an opaque cursor.</summary>
public sealed class ApplicationListingTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<HttpClient> ApplicantAsync(string province = "44")
    {
        var email = $"a-{Guid.NewGuid():N}@example.cn";
        await Calls.RegisterAsync(Anonymous(), email, TestData.NewCreditCode(province));
        var applicant = await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd");
        await OrganisationSteps.VerifyOrganisationAsync(applicant, await AsAdminAsync());
        return applicant;
    }

    private static async Task SubmitAsync(HttpClient applicant, Guid id) =>
        await Expect.StatusAsync(await Transitions.FireAsync(applicant, id, "submit"), HttpStatusCode.OK);

    private static async Task<JsonElement> PageAsync(HttpClient client, string query, string? cursor) =>
        await client.GetFromJsonAsync<JsonElement>("/api/applications?" + query + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));

    /// <summary>Every page from the first, following nextCursor; <paramref name="between"/> runs after each page read.</summary>
    private static async Task<List<Guid>> AllPagesAsync(HttpClient client, string query, Func<int, Task>? between = null)
    {
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(client, query, cursor);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            if (between is not null)
                await between(pages);
            pages++;
        } while (cursor is not null);
        return seen;
    }

    [Fact]
    public async Task Pages_join_into_the_whole_listing_in_order_while_applications_are_created_and_submitted_between_reads()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var applicants = new List<HttpClient>();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            applicants.Add(await ApplicantAsync());
            ids.Add(await WorkflowBuilder.CreateApplicationAsync(applicants[i], callId));
        }
        foreach (var i in new[] { 3, 0, 2, 1 })
            await SubmitAsync(applicants[i], ids[i]);
        var created = new List<Guid>();

        var seen = await AllPagesAsync(admin, $"callId={callId}&limit=2", async page =>
        {
            // While the reader is among the submitted: a draft is submitted (it moves to the end of the submitted)
            // and a new draft is created (it lists after every other). Later, among the drafts: another new draft.
            if (page == 0)
            {
                await SubmitAsync(applicants[4], ids[4]);
                created.Add(await WorkflowBuilder.CreateApplicationAsync(await ApplicantAsync(), callId));
            }
            if (page == 2)
                created.Add(await WorkflowBuilder.CreateApplicationAsync(await ApplicantAsync(), callId));
        });

        Guid[] expected = [ids[3], ids[0], ids[2], ids[1], ids[4], ids[5], ids[6], created[0], created[1]];
        Assert.Equal(expected, seen);
        var whole = await PageAsync(admin, $"callId={callId}&limit=100", null);
        Assert.Equal(expected, whole.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Drafts_list_after_the_submitted_in_the_order_they_were_created()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var drafts = new List<Guid>();
        for (var i = 0; i < 6; i++)
            drafts.Add(await WorkflowBuilder.CreateApplicationAsync(await ApplicantAsync(), callId));
        var submitter = await ApplicantAsync();
        var submitted = await WorkflowBuilder.CreateApplicationAsync(submitter, callId);
        await SubmitAsync(submitter, submitted);

        Assert.Equal(drafts.Prepend(submitted), await AllPagesAsync(admin, "limit=4"));
    }

    [Fact]
    public async Task Filters_apply_on_every_page_and_a_draft_is_found_by_its_organisations_province()
    {
        var admin = await AsAdminAsync();
        var benchmarks = await WorkflowBuilder.OpenCallAsync(admin);
        var suppliers = await WorkflowBuilder.OpenCallAsync(admin, "solution-supplier");
        var expected = new List<Guid>();
        var drafts = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var jiangsu = await ApplicantAsync("32");
            var ports = await WorkflowBuilder.CreateApplicationAsync(jiangsu, benchmarks, sector: "smart-ports");
            await WorkflowBuilder.CreateApplicationAsync(jiangsu, benchmarks, sector: "industrial-internet");
            await WorkflowBuilder.CreateApplicationAsync(jiangsu, suppliers, "solution-supplier");
            await WorkflowBuilder.CreateApplicationAsync(await ApplicantAsync("44"), benchmarks, sector: "smart-ports");
            if (i % 2 == 0)
            {
                await SubmitAsync(jiangsu, ports);
                expected.Add(ports);
            }
            else
                drafts.Add(ports);
        }
        expected.AddRange(drafts);

        Assert.Equal(expected, await AllPagesAsync(admin, $"callId={benchmarks}&sector=smart-ports&province=32&limit=2"));
        Assert.Equal(expected, await AllPagesAsync(admin, $"programme=demonstration-benchmark&sector=smart-ports&province=32&limit=1"));
        Assert.Equal(expected.Take(3), await AllPagesAsync(admin, $"callId={benchmarks}&state=Submitted&province=32&limit=2"));
        Assert.Equal(6, (await AllPagesAsync(admin, $"callId={suppliers}&limit=4")).Count);
        Assert.Equal(6, (await AllPagesAsync(admin, "province=44&limit=5")).Count);
    }

    [Fact]
    public async Task Applicants_and_recommenders_page_through_only_what_they_may_see()
    {
        var admin = await AsAdminAsync();
        var first = await WorkflowBuilder.OpenCallAsync(admin);
        var second = await WorkflowBuilder.OpenCallAsync(admin);
        var jiangsu = await ApplicantAsync("32");
        var own = new List<Guid>();
        foreach (var call in new[] { first, second })
            foreach (var sector in new[] { "smart-ports", "industrial-internet" })
                own.Add(await WorkflowBuilder.CreateApplicationAsync(jiangsu, call, sector: sector));
        await SubmitAsync(jiangsu, own[2]);
        await SubmitAsync(jiangsu, own[0]);
        var others = new List<Guid>();
        foreach (var province in new[] { "32", "44" })
        {
            var applicant = await ApplicantAsync(province);
            var id = await WorkflowBuilder.CreateApplicationAsync(applicant, first);
            await SubmitAsync(applicant, id);
            others.Add(id);
            await WorkflowBuilder.CreateApplicationAsync(applicant, second);
        }
        var recommender = await Calls.SignedInAsRoleAsync(Factory, admin, "Recommender");
        var expert = await Calls.SignedInAsRoleAsync(Factory, admin, "Expert");

        Assert.Equal([own[2], own[0], own[1], own[3]], await AllPagesAsync(jiangsu, "limit=1"));
        // The Jiangsu recommender: what was submitted from Jiangsu, never drafts, never Guangdong's.
        Assert.Equal([own[2], own[0], others[0]], await AllPagesAsync(recommender, "limit=2"));
        Assert.Equal([own[0], others[0]], await AllPagesAsync(recommender, $"callId={first}&limit=1"));
        Assert.Empty(await AllPagesAsync(expert, "limit=1"));
        Assert.Equal(8, (await AllPagesAsync(admin, "limit=3")).Count);
    }

    [Fact]
    public async Task A_damaged_edited_or_foreign_cursor_is_refused_as_a_validation_problem()
    {
        var admin = await AsAdminAsync();
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        for (var i = 0; i < 3; i++)
            await WorkflowBuilder.CreateApplicationAsync(await ApplicantAsync(), callId);
        var cursor = (await PageAsync(admin, $"callId={callId}&limit=1", null)).GetProperty("nextCursor").GetString()!;
        Assert.Equal(1, (await PageAsync(admin, $"callId={callId}&limit=1", cursor)).GetProperty("items").GetArrayLength());

        var edited = cursor[..^3] + (cursor[^3] == 'A' ? 'B' : 'A') + cursor[^2..];
        var bad = new[]
        {
            $"callId={callId}&cursor={Uri.EscapeDataString(edited)}",
            $"callId={callId}&cursor={Uri.EscapeDataString(cursor[..^2])}",
            $"callId={callId}&cursor=%2A%2A%2A",
            // The cursor of another listing: other filters, or none.
            $"callId={callId}&state=Draft&cursor={Uri.EscapeDataString(cursor)}",
            $"cursor={Uri.EscapeDataString(cursor)}",
        };
        foreach (var query in bad)
        {
            var problem = await Expect.ProblemAsync(await admin.GetAsync($"/api/applications?{query}"), 400, "validation");
            Assert.Equal(["cursor"], Expect.ErrorFields(problem));
        }
    }
}
