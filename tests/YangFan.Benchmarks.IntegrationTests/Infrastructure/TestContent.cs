namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>Complete application content for each programme, as an applicant would fill in the form (linked into the browser tests).</summary>
public static class TestContent
{
    public static object CompleteFor(string programme) => programme switch
    {
        "demonstration-benchmark" => new
        {
            projectTitle = "5G 全连接工厂示范项目",
            scenario = "在总装车间部署 5G 专网，实现机器视觉质检、AGV 调度和设备远程运维等应用场景。",
            deploymentProvinceCode = "44",
            networkMode = "VirtualPrivateNetwork",
            networkSlicing = true,
            edgeComputing = true,
            terminalCount = 1200,
            investmentTenThousandYuan = 3500.5m,
            startDate = "2025-03-01",
            outcomes = new[] { new { metric = "生产效率提升", unit = "%", baseline = 0m, result = 25m } },
            partners = new[] { new { role = "Operator", name = "中国移动广东公司", creditCode = (string?)null } },
        },
        "solution-supplier" => new
        {
            solutionName = "5G 智慧港口远程控制方案",
            sectorsServed = new[] { "smart-ports" },
            description = "基于 5G 专网的岸桥、场桥远程操控与集卡自动驾驶解决方案。",
            maturity = "Commercial",
            deployedCases = new[] { new { customer = "某港口集团", sectorCode = "smart-ports", provinceCode = "37", year = 2024 } },
            standards = new[] { "YD/T 3957-2021" },
        },
        "innovation-centre" => new
        {
            centreName = "5G 融合应用创新中心（华南）",
            leadOrganisation = "某通信研究院",
            partnerCreditCodes = Array.Empty<string>(),
            focusAreas = new[] { "工业互联网", "车联网" },
            facilities = "5G 专网实验室、边缘计算测试床",
            staff = 120,
            annualBudgetTenThousandYuan = 5000m,
        },
        "security-centre" => new
        {
            centreName = "5G 应用安全创新示范中心（广东）",
            provinceCode = "44",
            capabilities = new[] { "SecurityTesting", "ZeroTrust" },
            laboratories = new[] { new { name = "5G 安全检测实验室", accreditation = "CNAS" } },
            staff = 80,
            plannedServices = new[] { "5G 行业专网安全评估" },
        },
        "regional-security-benchmark" => new
        {
            regionName = "粤港澳大湾区 5G 应用安全区域示范标杆",
            provinceCodes = new[] { "44" },
            leadOrganisation = "广东省通信管理局",
            capabilities = new[] { "SituationalAwareness", "CommercialCryptography" },
            sectorsCovered = new[] { "industrial-internet", "smart-ports" },
            enterprisesServed = 320,
            measures = new[] { "重点行业 5G 专网安全风险评估全覆盖", "区域 5G 安全威胁信息共享平台" },
            investmentTenThousandYuan = 8000m,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(programme)),
    };
}
