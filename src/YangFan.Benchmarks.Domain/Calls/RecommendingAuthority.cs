namespace YangFan.Benchmarks.Domain.Calls;

/// <summary>
/// A recommending authority (推荐单位): a province's department, a sub-provincial city's (计划单列市, which recommends
/// separately from its province), or a national body (central SOE group, industry association). Its quota in a call is
/// shared by every account that recommends for it. Stored as one <see cref="Key"/> (<c>province:44</c>,
/// <c>city:4403</c>, <c>national-body:中国通信企业协会</c>).
/// </summary>
public sealed record RecommendingAuthority
{
    private const string ProvincePrefix = "province:";
    private const string CityPrefix = "city:";
    private const string NationalBodyPrefix = "national-body:";

    private RecommendingAuthority(string? provinceCode, string? cityCode, string? nationalBody)
    {
        ProvinceCode = provinceCode;
        CityCode = cityCode;
        NationalBody = nationalBody;
    }

    /// <summary>The province (GB/T 2260, two digits), for a provincial authority.</summary>
    public string? ProvinceCode { get; }

    /// <summary>The sub-provincial city (GB/T 2260, four digits), for a city's authority.</summary>
    public string? CityCode { get; }

    /// <summary>The national body's name, for a national authority.</summary>
    public string? NationalBody { get; }

    public string Key => ProvinceCode is { } province ? ProvincePrefix + province
        : CityCode is { } city ? CityPrefix + city
        : NationalBodyPrefix + NationalBody;

    /// <summary>The longest key: the prefix and a national body's name of up to 200 characters.</summary>
    public const int MaxKeyLength = 216;

    public static RecommendingAuthority Province(string code) => new(code, null, null);

    public static RecommendingAuthority City(string code) => new(null, code, null);

    public static RecommendingAuthority National(string body) => new(null, null, body);

    /// <summary>The authority of a recommender's jurisdiction (a province, a city, or else a national body), if it has one.</summary>
    public static RecommendingAuthority? Of(string? provinceCode, string? nationalBody, string? cityCode = null) =>
        !string.IsNullOrEmpty(provinceCode) ? Province(provinceCode)
        : !string.IsNullOrEmpty(cityCode) ? City(cityCode)
        : !string.IsNullOrEmpty(nationalBody) ? National(nationalBody)
        : null;

    public static RecommendingAuthority FromKey(string key) =>
        key.StartsWith(ProvincePrefix, StringComparison.Ordinal) ? Province(key[ProvincePrefix.Length..])
        : key.StartsWith(CityPrefix, StringComparison.Ordinal) ? City(key[CityPrefix.Length..])
        : key.StartsWith(NationalBodyPrefix, StringComparison.Ordinal) ? National(key[NationalBodyPrefix.Length..])
        : throw new FormatException($"'{key}' is not a recommending authority's key.");

    public override string ToString() => Key;
}

/// <summary>
/// An authority's own quota in a call, overriding the call's <see cref="Call.RecommenderQuota"/> for it; authorities
/// without one have the call's.
/// </summary>
public sealed class CallAuthorityQuota
{
    public Guid CallId { get; init; }

    /// <summary>The authority's <see cref="RecommendingAuthority.Key"/>.</summary>
    public required string Authority { get; init; }

    /// <summary>How many applications the authority may recommend in the call; 0 for none.</summary>
    public int Quota { get; set; }
}
