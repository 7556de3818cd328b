using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The expert's review on /expert/assignments/{id} after the conflict confirmation: scoring with the live weighted
/// total (the same figure the server computes), a draft saved and read back, refusals beside their fields, a
/// submission, a revision, a stale save from a second window refused and shown; the summary on /expert/reviews.
/// </summary>
public sealed partial class ExpertPageTests
{
    private const string Comment = "项目技术路线清晰，5G 专网与边缘计算融合较深，应用成效数据可信，具备复制推广价值。";

    [Fact]
    public async Task An_expert_scores_with_a_live_total_saves_a_draft_submits_revises_and_a_stale_save_from_a_second_window_is_refused()
    {
        var (callTitle, expert, _, second) = await TwoAssignmentsAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, returnUrl: "/expert");
        var call = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = callTitle }) });

        // A conflict declared on the first assignment; it stays listed as ended.
        await call.GetByRole(AriaRole.Link, new() { Name = First }).ClickAsync();
        await page.GetByLabel("回避原因").FillAsync("本人近三年曾为该单位提供咨询服务");
        await page.GetByRole(AriaRole.Button, new() { Name = "申报回避" }).ClickAsync();
        await Expect(page.Locator("#left")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "返回我的评审" }).ClickAsync();
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = First })).ToContainTextAsync("已结束");

        // The second: confirmed, then scored with the total following each score as it is typed.
        await call.GetByRole(AriaRole.Link, new() { Name = Second }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        await Expect(page.Locator("#total")).ToHaveTextAsync("0");
        await Expect(page.Locator("#score-innovation-hint")).ToContainTextAsync("90–100：优秀");
        await page.GetByLabel("技术先进性与创新性").FillAsync("66.5");
        await Expect(page.Locator("#total")).ToHaveTextAsync("16.63");
        await page.GetByLabel("应用成效").FillAsync("90");
        await Expect(page.Locator("#total")).ToHaveTextAsync("43.63");
        await page.GetByLabel("5G 融合深度").FillAsync("70");
        await page.GetByLabel("可复制可推广性").FillAsync("33");
        await page.GetByLabel("安全保障").FillAsync("77");
        await Expect(page.Locator("#total")).ToHaveTextAsync("68.43");
        // Out of range: the live total leaves it out, the save refuses it beside its field and keeps what was typed.
        await page.GetByLabel("安全保障").FillAsync("120");
        await Expect(page.Locator("#total")).ToHaveTextAsync("60.73");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.Locator("#score-security-error")).ToHaveTextAsync("得分须在 0 至 100 之间。");
        await Expect(page.GetByLabel("安全保障")).ToHaveValueAsync("120");
        await Expect(page.GetByLabel("安全保障")).ToHaveAttributeAsync("aria-describedby", "score-security-hint score-security-error");
        await Expect(page.GetByLabel("技术先进性与创新性")).ToHaveValueAsync("66.5");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("安全保障").FillAsync("77");
        var live = await page.Locator("#total").TextContentAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToHaveTextAsync("草稿已保存。");

        // Read back from the server: the same scores, and the server's total is the figure the page showed live.
        await page.ReloadAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("草稿");
        await Expect(page.GetByLabel("技术先进性与创新性")).ToHaveValueAsync("66.5");
        await Expect(page.GetByLabel("安全保障")).ToHaveValueAsync("77");
        await Expect(page.Locator("#total")).ToHaveTextAsync(live!);
        var api = await Selection.SignedInAsync(NewClient, expert.Email, expert.Password);
        Assert.Equal(68.425m, (await api.GetFromJsonAsync<JsonElement>($"/api/assignments/{second}")).GetProperty("total").GetDecimal());

        // Submitting without a comment or a verdict: both refused beside their fields, the scores kept.
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评审" }).ClickAsync();
        await Expect(page.Locator("#comment-error")).ToContainTextAsync("请填写评审意见");
        await Expect(page.Locator("#recommendation-error")).ToHaveTextAsync("请选择评审结论。");
        await Expect(page.GetByLabel("应用成效")).ToHaveValueAsync("90");
        // A score left out is refused on submission.
        await page.GetByLabel("安全保障").FillAsync("");
        await page.GetByLabel("评审意见").FillAsync(Comment);
        await page.GetByLabel("推荐", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评审" }).ClickAsync();
        await Expect(page.Locator("#score-security-error")).ToHaveTextAsync("提交前请为此项打分。");
        await Expect(page.GetByLabel("评审意见")).ToHaveValueAsync(Comment);
        await AssertAccessibleAsync(page);

        // A second window holds the draft while this one submits.
        var other = await SignedInAsync(expert.Email, expert.Password, returnUrl: $"/expert/assignments/{second}");
        await page.GetByLabel("安全保障").FillAsync("77");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评审" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToContainTextAsync("评审已提交");
        await Expect(page.Locator("#status")).ToHaveTextAsync("已提交");
        await Expect(page.Locator(".review-scores .total")).ToHaveTextAsync("68.43");
        await Expect(page.Locator("dd.verdict")).ToHaveTextAsync("推荐");
        await AssertAccessibleAsync(page);

        // A revision; then the second window's save of its draft is stale: refused, shown, nothing overwritten.
        await page.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true }).ClickAsync();
        await page.GetByLabel("安全保障").FillAsync("50");
        await Expect(page.Locator("#total")).ToHaveTextAsync("65.73");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交修改" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToContainTextAsync("评审已提交");
        await Expect(page.Locator(".review-scores .total")).ToHaveTextAsync("65.73");

        await other.GetByLabel("技术先进性与创新性").FillAsync("10");
        await other.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(other.Locator("#refusal")).ToContainTextAsync("已在其他窗口修改，请刷新后重试。");
        await Expect(other.Locator("#refusal .review-scores")).ToContainTextAsync("50 / 100");
        await Expect(other.GetByLabel("技术先进性与创新性")).ToHaveValueAsync("10");
        await AssertAccessibleAsync(other);
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/assignments/{second}");
        Assert.Equal(65.725m, stored.GetProperty("total").GetDecimal());
        Assert.Equal(66.5m, stored.GetProperty("scores").GetProperty("innovation").GetDecimal());
        await other.GetByRole(AriaRole.Link, new() { Name = "刷新页面，查看最新内容" }).ClickAsync();
        await Expect(other.Locator(".review-scores .total")).ToHaveTextAsync("65.73");

        // The inbox counts the review done; the summary lists it with its total, and the ended assignment nowhere.
        await page.GotoAsync("/expert");
        await Expect(call.Locator(".counts")).ToHaveTextAsync("已完成 1 项，待完成 0 项");
        await page.GetByRole(AriaRole.Link, new() { Name = "评审汇总（已提交的评审与草稿）" }).ClickAsync();
        var summary = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = callTitle }) });
        await Expect(summary.Locator(".counts")).ToHaveTextAsync("已提交 1 项，草稿 0 项");
        await Expect(summary.GetByRole(AriaRole.Row, new() { Name = Second })).ToContainTextAsync("65.73");
        await Expect(summary.GetByRole(AriaRole.Row, new() { Name = First })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task In_English_the_scoring_form_the_submitted_review_and_the_summary_pass_the_WCAG_2_1_AA_checks()
    {
        var (_, expert, first, _) = await TwoAssignmentsAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, "en", returnUrl: $"/expert/assignments/{first}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm no conflict of interest" }).ClickAsync();
        await page.GetByLabel("Measured outcomes").FillAsync("80");
        await Expect(page.Locator("#total")).ToHaveTextAsync("24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the review" }).ClickAsync();
        await Expect(page.Locator("#comment-error")).ToHaveTextAsync("Write a comment: at least 20 and at most 4000 characters to submit.");
        await Expect(page.Locator("#recommendation-error")).ToHaveTextAsync("Choose a verdict.");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToHaveTextAsync("Draft saved.");
        await page.GotoAsync("/expert/reviews");
        await Expect(page.Locator(".counts").First).ToHaveTextAsync("0 submitted, 1 drafts");
        await AssertAccessibleAsync(page);

        await page.GotoAsync($"/expert/assignments/{first}");
        foreach (var title in new[] { "Technical advancement and innovation", "Depth of 5G integration", "Replicability", "Security assurance" })
            await page.GetByLabel(title).FillAsync("80");
        await page.GetByLabel("Comment").FillAsync(Comment);
        await page.GetByLabel("Recommend", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the review" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Submitted");
        await Expect(page.Locator(".review-scores .total")).ToHaveTextAsync("80");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_a_draft_is_saved_and_its_total_shows_after_saving()
    {
        var (_, expert, first, _) = await TwoAssignmentsAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, javaScript: false, returnUrl: $"/expert/assignments/{first}");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        await page.GetByLabel("技术先进性与创新性").FillAsync("80");
        await page.GetByLabel("应用成效").FillAsync("70");
        // No script: the total stays the saved one until the form is posted.
        await Expect(page.Locator("#total")).ToHaveTextAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToHaveTextAsync("草稿已保存。");
        await Expect(page.Locator("#total")).ToHaveTextAsync("41");
        await Expect(page.GetByLabel("应用成效")).ToHaveValueAsync("70");
        await Expect(page.Locator("#status")).ToHaveTextAsync("草稿");
    }

    [Fact]
    public async Task A_revision_saved_after_the_round_closed_is_refused_in_Chinese_with_what_was_typed_kept_and_the_review_is_listed_as_ended()
    {
        var admin = await AdminAsync();
        var (callTitle, callId) = await OpenCallAsync(admin);
        var expert = await Selection.ExpertAsync(admin);
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var applicationId = await Selection.InReviewAsync(NewClient, admin, applicant.Api, callId, Second);
        var id = (await Selection.AssignAsync(admin, applicationId, expert.Id)).GetProperty("id").GetGuid();
        var page = await SignedInAsync(expert.Email, expert.Password, returnUrl: $"/expert/assignments/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        foreach (var title in new[] { "技术先进性与创新性", "应用成效", "5G 融合深度", "可复制可推广性", "安全保障" })
            await page.GetByLabel(title).FillAsync("80");
        await page.GetByLabel("评审意见").FillAsync(Comment);
        await page.GetByLabel("推荐", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评审" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true }).ClickAsync();
        await page.GetByLabel("安全保障").FillAsync("60");

        // Two more experts review: the third review closes the round while the revision is on screen.
        await Selection.ReviewAsync(NewClient, admin, applicationId, experts: 2);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交修改" }).ClickAsync();
        await Expect(page.Locator("#refusal")).ToHaveTextAsync("评审已结束，无法再保存或修改评审。");
        await Expect(page.GetByLabel("安全保障")).ToHaveValueAsync("60");
        await AssertAccessibleAsync(page);

        await page.GotoAsync($"/expert/assignments/{id}");
        await Expect(page.Locator("#status")).ToHaveTextAsync("已结束");
        await Expect(page.Locator("#closed")).ToBeVisibleAsync();
        await Expect(page.Locator(".review-scores .total")).ToHaveTextAsync("80");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/expert");
        var call = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = callTitle }) });
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = Second })).ToContainTextAsync("已结束");
        await Expect(call.GetByRole(AriaRole.Link, new() { Name = Second })).ToHaveCountAsync(0);
    }
}
