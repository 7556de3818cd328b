using System.Text.Json;

namespace YangFan.Benchmarks.UnitTests.Forms;

/// <summary>
/// Each programme's form as data gives the verdicts its C# records and FluentValidation validators gave (issue 14):
/// the same contents are accepted and refused, as a draft (shape) and on submission (complete). Every case was checked
/// against the C# validators too before they were removed (commit c2b4edd, "CSharpVerdictAsync").
/// </summary>
public class ContentParityTests
{
    private const bool Draft = false, Complete = true, Valid = true, Invalid = false;

    /// <summary>A valid Unified Social Credit Code (the demo organisation's).</summary>
    private const string Code = "914403001922038216";

    private const string Benchmark = """
        {"projectTitle":"5G 全连接工厂","scenario":"在总装车间部署 5G 专网，实现机器视觉质检与 AGV 调度。","deploymentProvinceCode":"44",
         "networkMode":"VirtualPrivateNetwork","networkSlicing":true,"edgeComputing":false,"terminalCount":1200,
         "investmentTenThousandYuan":3500.5,"startDate":"2025-03-01",
         "outcomes":[{"metric":"生产效率提升","unit":"%","baseline":0,"result":25}],
         "partners":[{"role":"Operator","name":"中国移动广东公司","creditCode":null}]}
        """;

    private static TheoryData<string, bool, bool> DemonstrationBenchmarkCases => new()
    {
        { Benchmark, Complete, Valid },
        { Benchmark, Draft, Valid },
        { "{}", Draft, Valid },
        { "{}", Complete, Invalid },
        // Stored drafts carry every property, null where not filled in.
        { """{"projectTitle":null,"scenario":null,"networkMode":null,"outcomes":null,"partners":null}""", Draft, Valid },
        { """{"projectTitle":"   "}""", Draft, Valid },
        // An empty draft as the C# records stored it (ApplicationContent.Json: every property, null where not given).
        { """{"projectTitle":null,"scenario":null,"deploymentProvinceCode":null,"networkMode":null,"networkSlicing":null,"edgeComputing":null,"terminalCount":null,"investmentTenThousandYuan":null,"startDate":null,"outcomes":null,"partners":null}""", Draft, Valid },
        { Replace(Benchmark, "projectTitle", "\"   \""), Complete, Invalid },
        { """{"projectTitle":"项目"}""", Draft, Valid },
        { $$"""{"projectTitle":"{{new string('项', 201)}}"}""", Draft, Invalid },
        { $$"""{"projectTitle":"{{new string('项', 200)}}"}""", Draft, Valid },
        { """{"scenario":"太短"}""", Draft, Valid },
        { Replace(Benchmark, "scenario", "\"太短的场景描述\""), Complete, Invalid },
        { $$"""{"scenario":"{{new string('景', 4001)}}"}""", Draft, Invalid },
        { """{"deploymentProvinceCode":"99x"}""", Draft, Invalid },
        { """{"deploymentProvinceCode":"4"}""", Draft, Invalid },
        { """{"deploymentProvinceCode":"11"}""", Draft, Valid },
        { """{"networkMode":"Satellite"}""", Draft, Invalid },
        { """{"networkMode":"DedicatedNetwork"}""", Draft, Valid },
        { """{"networkSlicing":"yes"}""", Draft, Invalid },
        { """{"terminalCount":-1}""", Draft, Invalid },
        { """{"terminalCount":100000001}""", Draft, Invalid },
        { """{"terminalCount":100000000}""", Draft, Valid },
        { """{"terminalCount":"many"}""", Draft, Invalid },
        { """{"investmentTenThousandYuan":-0.5}""", Draft, Invalid },
        { """{"investmentTenThousandYuan":0}""", Draft, Valid },
        { """{"startDate":"2014-12-31"}""", Draft, Invalid },
        { """{"startDate":"2015-01-01"}""", Draft, Valid },
        { """{"startDate":"2025-13-01"}""", Draft, Invalid },
        { """{"startDate":"1 March 2025"}""", Draft, Invalid },
        { """{"outcomes":[]}""", Draft, Valid },
        { Replace(Benchmark, "outcomes", "[]"), Complete, Invalid },
        { """{"outcomes":[{"metric":"效率","baseline":1,"result":2}]}""", Draft, Valid },
        // A row is given whole even in a draft.
        { """{"outcomes":[{"metric":"效率","baseline":1}]}""", Draft, Invalid },
        { """{"outcomes":[{"metric":"","baseline":1,"result":2}]}""", Draft, Invalid },
        { $$"""{"outcomes":[{"metric":"{{new string('指', 101)}}","baseline":1,"result":2}]}""", Draft, Invalid },
        { """{"outcomes":[{"metric":"效率","unit":"一二三四五六七八九十一二三四五六七八九十一","baseline":1,"result":2}]}""", Draft, Invalid },
        { $$"""{"outcomes":[{{string.Join(",", Enumerable.Repeat("""{"metric":"m","baseline":1,"result":2}""", 21))}}]}""", Draft, Invalid },
        { $$"""{"outcomes":[{{string.Join(",", Enumerable.Repeat("""{"metric":"m","baseline":1,"result":2}""", 20))}}]}""", Draft, Valid },
        { """{"partners":[{"role":"Operator","name":"中国联通"}]}""", Draft, Valid },
        { """{"partners":[{"name":"中国联通"}]}""", Draft, Invalid },
        { """{"partners":[{"role":"Bank","name":"中国联通"}]}""", Draft, Invalid },
        { """{"partners":[{"role":"Other","name":""}]}""", Draft, Invalid },
        { $$"""{"partners":[{"role":"Other","name":"某公司","creditCode":"{{Code}}"}]}""", Draft, Valid },
        { $$"""{"partners":[{"role":"Other","name":"某公司","creditCode":"{{Code.ToLowerInvariant()}}"}]}""", Draft, Valid },
        { """{"partners":[{"role":"Other","name":"某公司","creditCode":"914403001922038217"}]}""", Draft, Invalid },
        { """{"unknownField":1}""", Draft, Invalid },
        { """{"outcomes":[{"metric":"m","baseline":1,"result":2,"extra":true}]}""", Draft, Invalid },
        { """{"projectTitle":42}""", Draft, Invalid },
    };

    private const string Supplier = """
        {"solutionName":"5G 智慧港口远程控制方案","sectorsServed":["smart-ports"],"description":"基于 5G 专网的岸桥、场桥远程操控与集卡自动驾驶解决方案。",
         "maturity":"Commercial","deployedCases":[{"customer":"某港口集团","sectorCode":"smart-ports","provinceCode":"37","year":2024}],
         "standards":["YD/T 3957-2021"]}
        """;

    private static TheoryData<string, bool, bool> SolutionSupplierCases => new()
    {
        { Supplier, Complete, Valid },
        { "{}", Draft, Valid },
        { "{}", Complete, Invalid },
        { """{"solutionName":null,"sectorsServed":null,"description":null,"maturity":null,"deployedCases":null,"standards":null}""", Draft, Valid },
        { """{"sectorsServed":["smart-ports","smart-mining","smart-power"]}""", Draft, Valid },
        { """{"sectorsServed":["smart-ports","smart-mining","smart-power","smart-city"]}""", Draft, Invalid },
        { """{"sectorsServed":["smart-ports","smart-ports"]}""", Draft, Invalid },
        { """{"sectorsServed":["Smart Ports"]}""", Draft, Invalid },
        { """{"sectorsServed":[""]}""", Draft, Invalid },
        { Replace(Supplier, "sectorsServed", "[]"), Complete, Invalid },
        { Replace(Supplier, "description", "\"太短\""), Complete, Invalid },
        { """{"maturity":"Experimental"}""", Draft, Invalid },
        { """{"deployedCases":[{"customer":"某港口集团","sectorCode":"smart-ports","provinceCode":"37","year":2018}]}""", Draft, Invalid },
        { """{"deployedCases":[{"customer":"某港口集团","sectorCode":"smart-ports","provinceCode":"37","year":2101}]}""", Draft, Invalid },
        { """{"deployedCases":[{"customer":"某港口集团","sectorCode":"smart-ports","provinceCode":"37"}]}""", Draft, Invalid },
        { """{"deployedCases":[{"customer":"","sectorCode":"smart-ports","provinceCode":"37","year":2024}]}""", Draft, Invalid },
        { """{"deployedCases":[{"customer":"某港口集团","sectorCode":"PORTS","provinceCode":"37","year":2024}]}""", Draft, Invalid },
        { """{"deployedCases":[{"customer":"某港口集团","sectorCode":"smart-ports","provinceCode":"370","year":2024}]}""", Draft, Invalid },
        { Replace(Supplier, "deployedCases", "[]"), Complete, Invalid },
        { $$"""{"deployedCases":[{{string.Join(",", Enumerable.Repeat("""{"customer":"c","sectorCode":"smart-ports","provinceCode":"37","year":2024}""", 51))}}]}""", Draft, Invalid },
        { $$"""{"standards":[{{string.Join(",", Enumerable.Repeat("\"GB/T 1\"", 31))}}]}""", Draft, Invalid },
        { """{"standards":[""]}""", Draft, Invalid },
        { $$"""{"standards":["{{new string('标', 101)}}"]}""", Draft, Invalid },
        { """{"standards":[]}""", Complete, Invalid },
        { Replace(Supplier, "standards", "[]"), Complete, Valid },
    };

    private const string Innovation = """
        {"centreName":"5G 融合应用创新中心（华南）","leadOrganisation":"某通信研究院","partnerCreditCodes":[],
         "focusAreas":["工业互联网","车联网"],"facilities":"5G 专网实验室、边缘计算测试床","staff":120,"annualBudgetTenThousandYuan":5000}
        """;

    private static TheoryData<string, bool, bool> InnovationCentreCases => new()
    {
        { Innovation, Complete, Valid },
        { "{}", Draft, Valid },
        { """{"centreName":null,"leadOrganisation":null,"partnerCreditCodes":null,"focusAreas":null,"facilities":null,"staff":null,"annualBudgetTenThousandYuan":null}""", Draft, Valid },
        { "{}", Complete, Invalid },
        { Replace(Innovation, "partnerCreditCodes", $"[\"{Code}\"]"), Complete, Valid },
        { Replace(Innovation, "partnerCreditCodes", "[\"914403001922038217\"]"), Complete, Invalid },
        { Replace(Innovation, "focusAreas", "[]"), Complete, Invalid },
        { Replace(Innovation, "facilities", "\"\""), Complete, Invalid },
        { Replace(Innovation, "staff", "null"), Complete, Invalid },
        { """{"focusAreas":[""]}""", Draft, Invalid },
        { $$"""{"focusAreas":[{{string.Join(",", Enumerable.Repeat("\"方向\"", 21))}}]}""", Draft, Invalid },
        { $$"""{"partnerCreditCodes":[{{string.Join(",", Enumerable.Repeat($"\"{Code}\"", 51))}}]}""", Draft, Invalid },
        { $$"""{"facilities":"{{new string('设', 4001)}}"}""", Draft, Invalid },
        { """{"staff":1000001}""", Draft, Invalid },
        { """{"staff":12.5}""", Draft, Invalid },
        { """{"annualBudgetTenThousandYuan":100000001}""", Draft, Invalid },
        { """{"leadOrganisation":42}""", Draft, Invalid },
    };

    private const string Security = """
        {"centreName":"5G 应用安全创新示范中心（广东）","provinceCode":"44","capabilities":["SecurityTesting","ZeroTrust"],
         "laboratories":[{"name":"5G 安全检测实验室","accreditation":"CNAS"}],"staff":80,"plannedServices":["5G 行业专网安全评估"]}
        """;

    private static TheoryData<string, bool, bool> SecurityCentreCases => new()
    {
        { Security, Complete, Valid },
        { "{}", Draft, Valid },
        { """{"centreName":null,"provinceCode":null,"capabilities":null,"laboratories":null,"staff":null,"plannedServices":null}""", Draft, Valid },
        { "{}", Complete, Invalid },
        { Replace(Security, "capabilities", "[]"), Complete, Invalid },
        { """{"capabilities":["ZeroTrust","ZeroTrust"]}""", Draft, Invalid },
        { """{"capabilities":["Quantum"]}""", Draft, Invalid },
        { """{"provinceCode":"4A"}""", Draft, Invalid },
        { """{"laboratories":[{"accreditation":"CNAS"}]}""", Draft, Invalid },
        { """{"laboratories":[{"name":"实验室"}]}""", Draft, Valid },
        { $$"""{"laboratories":[{"name":"实验室","accreditation":"{{new string('A', 101)}}"}]}""", Draft, Invalid },
        { $$"""{"laboratories":[{{string.Join(",", Enumerable.Repeat("""{"name":"l"}""", 31))}}]}""", Draft, Invalid },
        { """{"staff":-1}""", Draft, Invalid },
        { """{"plannedServices":[""]}""", Draft, Invalid },
        { Replace(Security, "plannedServices", "[]"), Complete, Invalid },
        { Replace(Security, "laboratories", "[]"), Complete, Valid },
    };

    private const string Regional = """
        {"regionName":"粤港澳大湾区 5G 应用安全区域示范标杆","provinceCodes":["44"],"leadOrganisation":"广东省通信管理局",
         "capabilities":["SituationalAwareness","CommercialCryptography"],"sectorsCovered":["industrial-internet","smart-ports"],
         "enterprisesServed":320,"measures":["重点行业 5G 专网安全风险评估全覆盖"],"investmentTenThousandYuan":8000}
        """;

    private static TheoryData<string, bool, bool> RegionalSecurityBenchmarkCases => new()
    {
        { Regional, Complete, Valid },
        { "{}", Draft, Valid },
        { """{"regionName":null,"provinceCodes":null,"leadOrganisation":null,"capabilities":null,"sectorsCovered":null,"enterprisesServed":null,"measures":null,"investmentTenThousandYuan":null}""", Draft, Valid },
        { "{}", Complete, Invalid },
        { Replace(Regional, "investmentTenThousandYuan", "null"), Complete, Valid },
        { """{"provinceCodes":["44","44"]}""", Draft, Invalid },
        { """{"provinceCodes":["44",""]}""", Draft, Invalid },
        { """{"provinceCodes":["11","12","13","14","15","21","22","23","31","32","33"]}""", Draft, Invalid },
        { """{"provinceCodes":["11","12","13","14","15","21","22","23","31","32"]}""", Draft, Valid },
        { """{"sectorsCovered":["smart-ports","smart-ports"]}""", Draft, Invalid },
        { """{"sectorsCovered":["Smart"]}""", Draft, Invalid },
        { """{"capabilities":["DataSecurity","DataSecurity"]}""", Draft, Invalid },
        { """{"enterprisesServed":10000001}""", Draft, Invalid },
        { """{"measures":[""]}""", Draft, Invalid },
        { $$"""{"measures":["{{new string('措', 501)}}"]}""", Draft, Invalid },
        { Replace(Regional, "measures", "[]"), Complete, Invalid },
        { Replace(Regional, "sectorsCovered", "[]"), Complete, Invalid },
        { Replace(Regional, "leadOrganisation", "null"), Complete, Invalid },
    };

    public static TheoryData<string, string, bool, bool> DemonstrationBenchmark => Named("benchmark", DemonstrationBenchmarkCases);

    public static TheoryData<string, string, bool, bool> SolutionSupplier => Named("supplier", SolutionSupplierCases);

    public static TheoryData<string, string, bool, bool> InnovationCentre => Named("innovation", InnovationCentreCases);

    public static TheoryData<string, string, bool, bool> SecurityCentre => Named("security", SecurityCentreCases);

    public static TheoryData<string, string, bool, bool> RegionalSecurityBenchmark => Named("regional", RegionalSecurityBenchmarkCases);

    /// <summary>
    /// The cases, each under a short name of its own (<c>benchmark-07</c>): the display names of long contents are cut
    /// short, and xUnit skips a case whose display name repeats another's.
    /// </summary>
    private static TheoryData<string, string, bool, bool> Named(string programme, TheoryData<string, bool, bool> cases)
    {
        var named = new TheoryData<string, string, bool, bool>();
        var number = 0;
        foreach (var row in cases)
            named.Add($"{programme}-{++number:D2}", (string)row[0], (bool)row[1], (bool)row[2]);
        return named;
    }

    [Theory, MemberData(nameof(DemonstrationBenchmark))]
    public Task Demonstration_benchmark_forms_give_the_verdicts_of_the_CSharp_validator(string @case, string content, bool complete, bool valid) =>
        AssertVerdict(@case, "demonstration-benchmark", content, complete, valid);

    [Theory, MemberData(nameof(SolutionSupplier))]
    public Task Solution_supplier_forms_give_the_verdicts_of_the_CSharp_validator(string @case, string content, bool complete, bool valid) =>
        AssertVerdict(@case, "solution-supplier", content, complete, valid);

    [Theory, MemberData(nameof(InnovationCentre))]
    public Task Innovation_centre_forms_give_the_verdicts_of_the_CSharp_validator(string @case, string content, bool complete, bool valid) =>
        AssertVerdict(@case, "innovation-centre", content, complete, valid);

    [Theory, MemberData(nameof(SecurityCentre))]
    public Task Security_centre_forms_give_the_verdicts_of_the_CSharp_validator(string @case, string content, bool complete, bool valid) =>
        AssertVerdict(@case, "security-centre", content, complete, valid);

    [Theory, MemberData(nameof(RegionalSecurityBenchmark))]
    public Task Regional_security_benchmark_forms_give_the_verdicts_of_the_CSharp_validator(string @case, string content, bool complete, bool valid) =>
        AssertVerdict(@case, "regional-security-benchmark", content, complete, valid);

    private static Task AssertVerdict(string @case, string programme, string content, bool complete, bool valid)
    {
        var errors = TestForms.For(programme).Check(JsonDocument.Parse(content).RootElement, complete);
        Assert.True(valid == (errors.Count == 0), $"{@case}: expected {(valid ? "valid" : "invalid")}; the form says: {string.Join("; ", errors)}");
        return Task.CompletedTask;
    }

    /// <summary>The JSON with one top-level property's value replaced.</summary>
    private static string Replace(string json, string property, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node[property] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return node.ToJsonString();
    }
}
