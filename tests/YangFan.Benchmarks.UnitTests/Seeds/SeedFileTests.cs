using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.UnitTests.Seeds;

public class SeedFileTests
{
    private const string SolutionFile = "YangFan.Benchmarks.sln";

    // Strict: camelCase names only, no unknown members, required constructor parameters and nullability respected.
    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private static readonly string[] ProvinceCodes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
        "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    private static readonly string[] SectorCodes =
    [
        "info-consumption", "converged-media", "industrial-internet", "internet-of-vehicles", "smart-logistics",
        "smart-ports", "smart-mining", "smart-power", "smart-oil-gas", "smart-agriculture", "smart-water",
        "smart-education", "smart-healthcare", "culture-tourism", "smart-city",
    ];

    [Theory]
    [InlineData("sectors.json")]
    [InlineData("programmes.json")]
    [InlineData("provinces.json")]
    [InlineData("cities.json")]
    [InlineData("indicators.json")]
    public void Seed_files_are_UTF8_without_a_byte_order_mark(string file)
    {
        var bytes = File.ReadAllBytes(SeedPath(file));

        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], $"{file} starts with a UTF-8 byte order mark");
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    [Fact]
    public void There_are_15_key_sectors_in_plan_order_with_unique_codes()
    {
        var sectors = Read<Sector>("sectors.json");

        Assert.Equal(15, sectors.Count);
        Assert.Equal(sectors.Count, sectors.Select(s => s.Code).Distinct().Count());
        Assert.Equal(SectorCodes, sectors.Select(s => s.Code));
        Assert.All(sectors, s => Assert.StartsWith("5G+", s.NameZh));
        Assert.All(sectors, s => Assert.StartsWith("5G + ", s.NameEn));
    }

    [Fact]
    public void Each_sector_belongs_to_one_of_the_three_plan_groups()
    {
        var groups = new Dictionary<string, string>
        {
            ["consumer"] = "新型信息消费",
            ["industry"] = "行业融合",
            ["public-services"] = "社会民生",
        };

        var sectors = Read<Sector>("sectors.json");

        Assert.All(sectors, s => Assert.Equal(groups[s.Group], s.GroupZh));
        Assert.Equal(2, sectors.Count(s => s.Group == "consumer"));
        Assert.Equal(9, sectors.Count(s => s.Group == "industry"));
        Assert.Equal(4, sectors.Count(s => s.Group == "public-services"));
    }

    [Fact]
    public void There_are_34_provinces_with_unique_two_digit_codes()
    {
        var provinces = Read<Province>("provinces.json");

        Assert.Equal(34, provinces.Count);
        Assert.Equal(provinces.Count, provinces.Select(p => p.Code).Distinct().Count());
        Assert.All(provinces, p => Assert.Matches(new Regex("^[0-9]{2}$"), p.Code));
        Assert.Equal(ProvinceCodes, provinces.Select(p => p.Code));
        Assert.All(provinces, p => Assert.False(string.IsNullOrWhiteSpace(p.NameZh)));
        Assert.All(provinces, p => Assert.False(string.IsNullOrWhiteSpace(p.NameEn)));
    }

    [Fact]
    public void Provinces_carry_their_official_Chinese_names()
    {
        var names = Read<Province>("provinces.json").ToDictionary(p => p.Code, p => p.NameZh);

        Assert.Equal("北京市", names["11"]);
        Assert.Equal("内蒙古自治区", names["15"]);
        Assert.Equal("广东省", names["44"]);
        Assert.Equal("广西壮族自治区", names["45"]);
        Assert.Equal("西藏自治区", names["54"]);
        Assert.Equal("宁夏回族自治区", names["64"]);
        Assert.Equal("新疆维吾尔自治区", names["65"]);
        Assert.Equal("台湾省", names["71"]);
        Assert.Equal("香港特别行政区", names["81"]);
        Assert.Equal("澳门特别行政区", names["82"]);
    }

    [Fact]
    public void The_five_sub_provincial_cities_lie_in_their_provinces()
    {
        var cities = Read<City>("cities.json");
        var provinces = Read<Province>("provinces.json").ToDictionary(p => p.Code, p => p.NameZh);

        Assert.Equal(["2102", "3302", "3502", "3702", "4403"], cities.Select(c => c.Code));
        Assert.Equal(["大连市", "宁波市", "厦门市", "青岛市", "深圳市"], cities.Select(c => c.NameZh));
        Assert.All(cities, c => Assert.StartsWith(c.ProvinceCode, c.Code));
        Assert.All(cities, c => Assert.True(provinces.ContainsKey(c.ProvinceCode)));
        Assert.All(cities, c => Assert.False(string.IsNullOrWhiteSpace(c.NameEn)));
    }

    [Theory]
    [InlineData("demonstration-benchmark", "per-sector", 100, null)]
    [InlineData("solution-supplier", "programme", 100, null)]
    [InlineData("innovation-centre", "programme", null, null)]
    [InlineData("security-centre", "programme", 10, 20)]
    [InlineData("regional-security-benchmark", "programme", 3, 5)]
    public void Each_programme_carries_the_plan_target(string key, string scope, int? min, int? max)
    {
        var programme = Assert.Single(Read<Programme>("programmes.json"), p => p.Key == key);

        Assert.Equal(scope, programme.TargetScope);
        Assert.Equal(min, programme.MinTarget);
        Assert.Equal(max, programme.MaxTarget);
        Assert.False(string.IsNullOrWhiteSpace(programme.NameZh));
        Assert.False(string.IsNullOrWhiteSpace(programme.NameEn));
        Assert.False(string.IsNullOrWhiteSpace(programme.Description));
    }

    [Fact]
    public void There_are_exactly_the_five_programmes()
    {
        var programmes = Read<Programme>("programmes.json");

        Assert.Equal(
            ["demonstration-benchmark", "solution-supplier", "innovation-centre", "security-centre", "regional-security-benchmark"],
            programmes.Select(p => p.Key));
        Assert.Equal("区域示范标杆", programmes.Single(p => p.Key == "regional-security-benchmark").NameZh);
    }

    [Fact]
    public void There_are_seven_indicators_with_unique_codes_and_the_plan_targets()
    {
        var expected = new Dictionary<string, (string Unit, decimal Target)>
        {
            ["user-penetration"] = ("percent", 40),
            ["traffic-share"] = ("percent", 50),
            ["large-industrial-penetration"] = ("percent", 35),
            ["iot-growth"] = ("percent", 200),
            ["base-stations-per-10k"] = ("per-10k-people", 18),
            ["virtual-private-networks"] = ("count", 3000),
            ["benchmarks-per-sector"] = ("count", 100),
        };

        var indicators = Read<Indicator>("indicators.json");

        Assert.Equal(7, indicators.Count);
        Assert.Equal(indicators.Count, indicators.Select(i => i.Code).Distinct().Count());
        Assert.Equal(expected.Keys.Order(), indicators.Select(i => i.Code).Order());
        Assert.All(indicators, i =>
        {
            Assert.Equal(expected[i.Code].Unit, i.Unit);
            Assert.Equal(expected[i.Code].Target, i.Target);
            Assert.Equal(2023, i.TargetYear);
            Assert.False(string.IsNullOrWhiteSpace(i.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(i.NameEn));
        });
    }

    [Fact]
    public void Indicator_observations_are_the_reported_values()
    {
        var indicators = Read<Indicator>("indicators.json").ToDictionary(i => i.Code);

        var observed = indicators.Values
            .SelectMany(i => i.Observations.Select(o => (i.Code, o.Period, o.Value)))
            .OrderBy(o => o.Code).ThenBy(o => o.Period)
            .ToList();

        Assert.Equal(
            [
                ("base-stations-per-10k", "2023-09", 22.6m),
                ("traffic-share", "2022-05", 27.2m),
                ("user-penetration", "2023-07", 40.6m),
                ("virtual-private-networks", "2022-05", 6518m),
                ("virtual-private-networks", "2023-09", 20000m),
            ],
            observed);
        Assert.All(indicators.Values.SelectMany(i => i.Observations), o =>
        {
            Assert.Equal("national", o.Region);
            Assert.Matches(new Regex("^[0-9]{4}-[0-9]{2}$"), o.Period);
            Assert.False(string.IsNullOrWhiteSpace(o.Source));
        });
        Assert.Contains("mobile subscriptions", indicators["user-penetration"].Observations.Single().Note);
        Assert.All(indicators["virtual-private-networks"].Observations, o => Assert.Equal("more than", o.Note));
    }

    private static List<T> Read<T>(string file)
    {
        using var stream = File.OpenRead(SeedPath(file));
        var items = JsonSerializer.Deserialize<List<T>>(stream, Strict);
        Assert.NotNull(items);
        return items;
    }

    private static string SeedPath(string file) => Path.Combine(RepositoryRoot(), "seeds", file);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No folder containing {SolutionFile} above {AppContext.BaseDirectory}.");
    }

    private sealed record Sector(string Code, string NameZh, string NameEn, string Group, string GroupZh);

    private sealed record Province(string Code, string NameZh, string NameEn);

    private sealed record City(string Code, string NameZh, string NameEn, string ProvinceCode);

    private sealed record Programme(
        string Key, string NameZh, string NameEn, string TargetScope, int? MinTarget, int? MaxTarget, string Description,
        bool SeveralPerOrganisation = false);

    private sealed record Indicator(
        string Code, string NameZh, string NameEn, string Unit, decimal Target, int TargetYear, List<Observation> Observations);

    private sealed record Observation(string Period, string Region, decimal Value, string Source, string? Note);
}
