using System.Net.Http.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class AdminConsolePageTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task An_administrator_creates_an_expert_and_a_refused_create_is_shown_beside_its_field()
    {
        var email = $"expert-page-{Guid.NewGuid():N}@example.cn";
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin/users");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("用户管理");

        await FillAccountAsync(admin, "Expert", "王评审", email);
        await admin.GetByLabel("所在单位统一社会信用代码", new() { Exact = true }).FillAsync("91440300ABC");
        await admin.Locator("#expertProvince").SelectOptionAsync("44");
        await admin.Locator("input[name=sectors][value=smart-ports]").CheckAsync();
        await admin.GetByLabel("每批次最多评审数", new() { Exact = true }).FillAsync("600");
        await admin.GetByRole(AriaRole.Button, new() { Name = "新建账号", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#affiliation-error")).ToHaveTextAsync("不是有效的统一社会信用代码。");
        await Expect(admin.Locator("#affiliation")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(admin.Locator("#capacity-error")).ToHaveTextAsync("请填写 0 至 500 之间的整数。");
        await Expect(admin.Locator("input[name=sectors][value=smart-ports]")).ToBeCheckedAsync();
        await AssertAccessibleAsync(admin);

        await admin.Locator("#affiliation").FillAsync(TestData.NewCreditCode("44"));
        await admin.Locator("#capacity").FillAsync("6");
        await admin.Locator("#password").FillAsync(Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "新建账号", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToHaveTextAsync($"已新建账号 {email}。");
        using var api = await AdminAsync();
        var created = (await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/experts")).EnumerateArray()
            .Single(e => e.GetProperty("email").GetString() == email);
        Assert.Equal(6, created.GetProperty("maxAssignmentsPerCall").GetInt32());

        await admin.Locator("#filter-role").SelectOptionAsync("Expert");
        await admin.Locator("#filter-search").FillAsync(email);
        await admin.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(admin.Locator("#users tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#users tbody tr")).ToContainTextAsync("评审专家");

        // The same e-mail again is refused beside the e-mail field.
        await FillAccountAsync(admin, "Admin", "另一位管理员", email);
        await admin.GetByRole(AriaRole.Button, new() { Name = "新建账号", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#email-error")).ToHaveTextAsync("该电子邮箱已有账号。");
        await AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task Without_JavaScript_an_administrator_creates_a_recommender_of_a_sub_provincial_city()
    {
        var email = $"city-recommender-{Guid.NewGuid():N}@example.cn";
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: "/admin/users");
        await FillAccountAsync(admin, "Recommender", "深圳市工业和信息化局", email);
        await admin.Locator("#recommenderProvince").SelectOptionAsync("44");
        await admin.Locator("#city").SelectOptionAsync("4403");
        await admin.GetByRole(AriaRole.Button, new() { Name = "新建账号", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#jurisdiction-error")).ToHaveTextAsync("省份、计划单列市和国家级单位三者须填且只填一项。");

        await admin.Locator("#recommenderProvince").SelectOptionAsync("");
        await admin.Locator("#password").FillAsync(Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "新建账号", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToHaveTextAsync($"已新建账号 {email}。");

        var signedIn = await SignedInAsync(email, Password, returnUrl: "/recommender");
        await Expect(signedIn.Locator("h1")).Not.ToBeEmptyAsync();
    }

    [Fact]
    public async Task An_administrator_disables_and_enables_a_user_and_cannot_disable_themself()
    {
        using var api = await AdminAsync();
        var (_, email, expertPassword) = await Selection.ExpertAsync(api);
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin/users?search=" + Uri.EscapeDataString(email));

        await admin.GetByRole(AriaRole.Button, new() { Name = $"停用 {email}" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync($"已停用 {email}");
        await Expect(admin.Locator("#users tbody tr")).ToContainTextAsync("已停用");
        var expert = await Site.NewPageAsync("zh-CN");
        await expert.GotoAsync("/account/sign-in");
        await expert.Locator("#email").FillAsync(email);
        await expert.Locator("#password").FillAsync(expertPassword);
        await expert.Locator("form.form button[type=submit]").ClickAsync();
        await Expect(expert).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));

        await admin.GetByRole(AriaRole.Button, new() { Name = $"启用 {email}" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync($"已启用 {email}");
        await Expect(admin.Locator("#users tbody tr")).ToContainTextAsync("正常");

        await admin.GotoAsync("/admin/users?search=" + Uri.EscapeDataString(ApiFactory.AdminEmail));
        await admin.GetByRole(AriaRole.Button, new() { Name = $"停用 {ApiFactory.AdminEmail}" }).ClickAsync();
        await Expect(admin.Locator("#form-errors")).ToHaveTextAsync("不能停用自己的账号。");
        await AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task The_audit_page_filters_by_entity_and_actor_and_shows_the_chain_check()
    {
        using var api = await AdminAsync();
        var (id, _, _) = await Selection.ExpertAsync(api);
        await Selection.SucceedAsync(api.PostAsync($"/api/users/{id}/disable", null));

        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin/audit");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("审计日志");
        await Expect(admin.Locator("#chain-check")).ToContainTextAsync("审计链完整");
        await admin.GetByLabel("操作人", new() { Exact = true }).FillAsync(ApiFactory.AdminEmail);
        await admin.GetByLabel("对象类型", new() { Exact = true }).FillAsync("User");
        await admin.GetByLabel("对象编号", new() { Exact = true }).FillAsync(id.ToString());
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        await admin.Locator("#from").FillAsync(today);
        await admin.Locator("#to").FillAsync(today);
        await admin.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var rows = admin.Locator("#audit-events tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("user.disabled");
        await Expect(rows.Nth(1)).ToContainTextAsync("user.created");
        await AssertAccessibleAsync(admin);

        // A day range that ends before the user existed shows nothing of them.
        await admin.Locator("#from").FillAsync("2020-01-01");
        await admin.Locator("#to").FillAsync("2020-01-02");
        await admin.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(admin.Locator("#audit-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task In_English_the_users_and_audit_pages_pass_the_WCAG_2_1_AA_checks()
    {
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", returnUrl: "/admin/users");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Users");
        await AssertAccessibleAsync(admin);
        await admin.GotoAsync("/admin/audit");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Audit log");
        await AssertAccessibleAsync(admin);
    }

    private static async Task FillAccountAsync(IPage page, string role, string name, string email)
    {
        await page.Locator("#newRole").SelectOptionAsync(role);
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("初始密码", new() { Exact = true }).FillAsync(Password);
    }
}
