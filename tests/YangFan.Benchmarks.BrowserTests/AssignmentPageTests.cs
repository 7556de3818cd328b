using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The call's expert assignment page (/admin/calls/{id}/assignments): in Chinese an administrator runs the automatic
/// assigner's dry run (proposal, loads, a Guangdong expert excluded for the applicants' province), confirms it, removes
/// one assignment, assigns by hand (a conflicted expert refused beside the row, then an eligible one), and reassigns a
/// late review. axe in Chinese and English; without JavaScript the dry run and its confirmation post the ordinary way.
/// </summary>
public sealed class AssignmentPageTests(SiteFixture site) : SiteTest(site)
{
    private const string First = "港口 5G 专网分配项目";
    private const string Second = "工厂 5G 质检分配项目";

    [Fact]
    public async Task An_administrator_previews_and_applies_the_plan_removes_assigns_by_hand_and_reassigns_a_late_review()
    {
        var (admin, callId, ids) = await InReviewAsync(First, Second);
        await ThreeExpertsAsync(admin);
        var (localId, localEmail, _) = await Selection.ExpertAsync(admin, "44");
        var href = $"/admin/calls/{callId}/assignments";
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: href);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("专家分配");
        await Expect(page.Locator("#assignments tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator($"#application-{ids[0]}")).ToContainTextAsync("0 / 3");
        await Expect(page.Locator($"#application-{ids[0]}")).ToContainTextAsync("专家未足额");

        // The dry run: a proposal per application, loads against capacity, and the Guangdong expert excluded.
        await page.GetByRole(AriaRole.Button, new() { Name = "试运行", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#proposal-{ids[0]}")).ToContainTextAsync(First);
        await Expect(page.Locator($"#proposal-{ids[1]}")).ToContainTextAsync(Second);
        Assert.True(await page.Locator("#loads tbody tr").CountAsync() >= 3);
        await Expect(page.Locator($"#excluded-{ids[0]}-{localId}")).ToContainTextAsync("与申报单位同一省份");
        Assert.Empty(await AssignmentsAsync(admin, ids[0]));
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "确认分配", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("已按试运行方案完成分配，共 6 项。");
        await Expect(page.Locator($"#application-{ids[0]} li")).ToHaveCountAsync(3);
        await Expect(page.Locator($"#application-{ids[0]}")).ToContainTextAsync("待确认无利益冲突");
        Assert.Equal(3, (await AssignmentsAsync(admin, ids[0])).Count);

        // Remove one: the application is short again.
        var removed = (await AssignmentsAsync(admin, ids[0]))[0];
        await page.Locator($"#assignment-{removed.GetProperty("id").GetGuid()} button").ClickAsync();
        await Expect(page.Locator("#status-message")).ToContainTextAsync("已移除专家");
        await Expect(page.Locator($"#assignment-{removed.GetProperty("id").GetGuid()}")).ToContainTextAsync("已移除");
        await Expect(page.Locator($"#application-{ids[0]}")).ToContainTextAsync("2 / 3");

        // By hand: the Guangdong expert refused in words beside the row, what was typed kept; then an eligible expert.
        await page.Locator($"#expert-{ids[0]}").FillAsync(localEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = $"为“{First}”分配专家", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#expert-{ids[0]}-error")).ToHaveTextAsync("存在利益冲突，不能分配：与申报单位同一省份。");
        await Expect(page.Locator($"#expert-{ids[0]}")).ToHaveValueAsync(localEmail);
        await Expect(page.Locator($"#expert-{ids[0]}")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page);
        var (freshId, freshEmail, _) = await Selection.ExpertAsync(admin, "33");
        await page.Locator($"#expert-{ids[0]}").FillAsync(freshEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = $"为“{First}”分配专家", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已为“{First}”分配专家专家33。");
        await Expect(page.Locator($"#application-{ids[0]}")).ToContainTextAsync("3 / 3");
        Assert.Contains(await AssignmentsAsync(admin, ids[0]), a => a.GetProperty("expertId").GetGuid() == freshId);

        // A late review, reassigned to an eligible expert from the late list.
        var late = (await AssignmentsAsync(admin, ids[1]))[0].GetProperty("id").GetGuid();
        await MakeLateAsync(late, TimeSpan.FromDays(2.5));
        var (replacementId, _, _) = await Selection.ExpertAsync(admin, "51");
        await page.GotoAsync(href + "?filter=late");
        await Expect(page.Locator("#assignments tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#assignment-{late}")).ToContainTextAsync("逾期 2 天");
        await page.Locator($"#to-{late}").SelectOptionAsync(replacementId.ToString());
        await page.Locator($"#assignment-{late}").GetByRole(AriaRole.Button, new() { Name = "改派" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToContainTextAsync("的评审改派给专家51");
        await Expect(page.Locator("#empty")).ToBeVisibleAsync();
        var after = await AssignmentsAsync(admin, ids[1]);
        Assert.Equal("Reassigned", after.Single(a => a.GetProperty("id").GetGuid() == late).GetProperty("status").GetString());
        Assert.Contains(after, a => a.GetProperty("expertId").GetGuid() == replacementId && a.GetProperty("status").GetString() == "Assigned");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_page_and_its_dry_run_pass_axe_in_English()
    {
        var (admin, callId, ids) = await InReviewAsync(First);
        await ThreeExpertsAsync(admin);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en-US", returnUrl: $"/admin/calls/{callId}/assignments");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Expert assignment");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#proposal-{ids[0]}")).ToContainTextAsync(First);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_the_dry_run_is_confirmed_and_a_stale_confirmation_says_the_situation_changed()
    {
        var (admin, callId, ids) = await InReviewAsync(First);
        await ThreeExpertsAsync(admin);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false,
            returnUrl: $"/admin/calls/{callId}/assignments");

        await page.GetByRole(AriaRole.Button, new() { Name = "试运行", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#proposal-{ids[0]}")).ToContainTextAsync(First);
        // Another administrator assigns an expert meanwhile: the previewed plan no longer holds.
        var (otherId, _, _) = await Selection.ExpertAsync(admin, "33");
        await Selection.AssignAsync(admin, ids[0], otherId);
        await page.GetByRole(AriaRole.Button, new() { Name = "确认分配", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("试运行后情况已有变化（申报、专家或分配有变动），方案未保存，请重新试运行。");
        Assert.Single(await AssignmentsAsync(admin, ids[0]));

        await page.GetByRole(AriaRole.Button, new() { Name = "试运行", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认分配", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("已按试运行方案完成分配，共 2 项。");
        Assert.Equal(3, (await AssignmentsAsync(admin, ids[0])).Count);
    }

    /// <summary>A new call with one application per title, each of a new Guangdong organisation, in expert review.</summary>
    private async Task<(HttpClient Admin, Guid CallId, IReadOnlyList<Guid> Ids)> InReviewAsync(params string[] titles)
    {
        var admin = await AdminAsync();
        var (_, callId) = await OpenCallAsync(admin);
        var ids = new List<Guid>();
        foreach (var title in titles)
        {
            var applicant = await Applicants.NewAsync(NewClient, admin);
            ids.Add(await Selection.InReviewAsync(NewClient, admin, applicant.Api, callId, title));
        }
        return (admin, callId, ids);
    }

    /// <summary>Three new experts of provinces other than the applicants' (Guangdong): enough for an application's minimum.</summary>
    private static async Task ThreeExpertsAsync(HttpClient admin)
    {
        foreach (var province in new[] { "11", "31", "32" })
            await Selection.ExpertAsync(admin, province);
    }

    private static async Task<List<JsonElement>> AssignmentsAsync(HttpClient admin, Guid applicationId) =>
        [.. (await admin.GetFromJsonAsync<JsonElement[]>($"/api/applications/{applicationId}/assignments"))!];

    /// <summary>Moves the assignment's due date into the past through the host's database: a late review without waiting.</summary>
    private async Task MakeLateAsync(Guid assignmentId, TimeSpan late)
    {
        await using var scope = Site.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Api.Data.AppDbContext>();
        var assignment = await db.Assignments.SingleAsync(a => a.Id == assignmentId);
        assignment.DueAt = DateTimeOffset.UtcNow - late;
        await db.SaveChangesAsync();
    }
}
