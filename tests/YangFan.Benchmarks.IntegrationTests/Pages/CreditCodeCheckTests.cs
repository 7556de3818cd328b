using System.Net;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Pages;

/// <summary>
/// The sign-up page's credit-code check as it is typed: the fragment htmx asks for, in both languages, its refusal of
/// over-long input, and that it never reads the database, so it cannot tell anyone whether a code is registered.
/// </summary>
public sealed class CreditCodeCheckTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Valid = "914403001922038216";

    public static TheoryData<string, string, string> Reasons => new()
    {
        // typed, Chinese, English
        { "91O", "第 3 位“O”不能使用：统一社会信用代码只含数字和大写字母，不使用 I、O、S、V、Z。",
            "Character 3 ('O') is not allowed: a credit code has only digits and capital letters, and never I, O, S, V or Z." },
        { "9144 03", "第 5 位空格不能使用", "Character 5 (a space) is not allowed" },
        { "91A", "第 3 位应为数字：第 3 至 8 位是登记管理机关的行政区划代码。",
            "Character 3 must be a digit: characters 3 to 8 are the registering authority's administrative-division code." },
        { "9199", "第 3、4 位“99”不是省级行政区划代码。", "Characters 3 and 4 ('99') are not a province code." },
        { "91440300", "已输入 8 位，共需 18 位。", "Characters entered: 8 of 18." },
        { "9144030019220382161", "已输入 19 位，共需 18 位。", "Characters entered: 19 of 18." },
        { "914403001922038226", "第 9 至 17 位（组织机构代码）校验不符，请逐位核对营业执照。",
            "The organisation code (characters 9 to 17) fails its own check: compare each character with the business licence." },
        { "914403001922038217", "第 18 位校验码与前 17 位不符，请逐位核对营业执照；如与营业执照完全一致，请联系管理员。",
            "The check character (character 18) does not match the first 17: compare each character with the business licence." },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Each_fault_is_told_in_Chinese_by_default(string typed, string chinese, string english)
    {
        var html = await FragmentAsync(Anonymous(), typed);

        Assert.StartsWith("<p class=\"field-error\">", html);
        Assert.Contains(chinese, html);
        Assert.DoesNotContain(english, html);
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Each_fault_is_told_in_English_to_a_browser_asking_for_English(string typed, string chinese, string english)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var html = await FragmentAsync(client, typed);

        Assert.StartsWith("<p class=\"field-error\">", html);
        Assert.Contains(english, html);
        Assert.DoesNotContain(chinese, html);
    }

    [Theory]
    [InlineData("zh-CN", "格式正确，校验码无误。")]
    [InlineData("en", "Well formed; the check characters match.")]
    public async Task A_well_formed_code_is_said_to_be_so_as_the_submit_reads_it_trimmed_and_upper_cased(string language, string message)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        Assert.Equal($"<p class=\"field-ok\">{message}</p>", await FragmentAsync(client, " 9144030071526726xg "));
        Assert.Equal($"<p class=\"field-ok\">{message}</p>", await FragmentAsync(client, Valid));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Nothing_typed_is_answered_with_nothing(string? typed)
    {
        Assert.Equal("", await FragmentAsync(Anonymous(), typed));
    }

    [Fact]
    public async Task Input_longer_than_the_submit_reads_is_refused_with_400()
    {
        var response = await Anonymous().GetAsync(Address(new string('9', 65)));

        var problem = await Expect.ProblemAsync(response, 400, "validation");
        Assert.Equal(["Form.CreditCode"], Expect.ErrorFields(problem));
        await Expect.StatusAsync(await Anonymous().GetAsync(Address(new string('9', 64))), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_registered_code_is_answered_like_any_other_and_no_statement_reaches_the_database()
    {
        var registered = TestData.NewCreditCode();
        await Calls.RegisterAsync(Anonymous(), "registered@example.cn", registered);
        var unregistered = TestData.NewCreditCode();
        await using var recorder = StatementRecorder.Start(Fixture.ConnectionString);
        await using var host = recorder.Host(Factory);
        var client = host.CreateClient();
        // The host is warm: its start-up reads are not the check's.
        await FragmentAsync(client, Valid);

        string forRegistered, forUnregistered, forBad;
        using (recorder.Record())
        {
            forRegistered = await FragmentAsync(client, registered);
            forUnregistered = await FragmentAsync(client, unregistered);
            forBad = await FragmentAsync(client, TestData.Corrupt(registered));
        }

        Assert.Empty(recorder.Statements);
        Assert.Equal(forUnregistered, forRegistered);
        Assert.Contains("field-error", forBad);
        // The recorder does see the database when a request reads it.
        using (recorder.Record())
            await Expect.StatusAsync(await client.GetAsync("/api/provinces"), HttpStatusCode.OK);
        Assert.NotEmpty(recorder.Statements);
    }

    private static string Address(string? typed) =>
        typed is null ? "/signup/credit-code" : $"/signup/credit-code?Form.CreditCode={Uri.EscapeDataString(typed)}";

    private static async Task<string> FragmentAsync(HttpClient client, string? typed)
    {
        var response = await client.GetAsync(Address(typed));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Decoded: Razor writes an apostrophe as an entity.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Trim();
    }
}
