namespace YangFan.Benchmarks.Domain.Reference;

/// <summary>One of the plan's 15 key sectors (重点领域), each with its own benchmark target.</summary>
public sealed class Sector
{
    public required string Code { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public required string Group { get; set; }
    public required string GroupZh { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>Whether a programme's target counts per key sector or for the programme as a whole.</summary>
public enum TargetScope
{
    Programme,
    PerSector,
}

/// <summary>A selection programme of the plan, with its national target (minimum and optional ceiling).</summary>
public sealed class Programme
{
    public required string Key { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public string? Description { get; set; }
    public TargetScope TargetScope { get; set; }
    public int? MinTarget { get; set; }
    public int? MaxTarget { get; set; }
    public int SortOrder { get; set; }

    /// <summary>
    /// Whether an organisation may hand in several applications to one call (a supplier's several solutions); otherwise
    /// one per call (and sector, for programmes whose targets are per sector). From <c>seeds/programmes.json</c>.
    /// </summary>
    public bool SeveralPerOrganisation { get; set; }
}

/// <summary>A provincial-level division, keyed by its GB/T 2260 two-digit code.</summary>
public sealed class Province
{
    public required string Code { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>
/// A city specifically designated in the state plan (计划单列市: Dalian, Qingdao, Ningbo, Xiamen, Shenzhen), by its
/// GB/T 2260 four-digit prefecture code: it recommends on its own, separately from its province.
/// </summary>
public sealed class City
{
    public required string Code { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }

    /// <summary>The province the city lies in: the first two digits of its code.</summary>
    public required string ProvinceCode { get; set; }
}

/// <summary>One of the plan's seven monitoring indicators (annex) with its target.</summary>
public sealed class Indicator
{
    public required string Code { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public required string Unit { get; set; }
    public decimal Target { get; set; }
    public int TargetYear { get; set; }
    public int SortOrder { get; set; }
    public List<IndicatorObservation> Observations { get; } = [];
}

/// <summary>A reported value of an indicator for a period and region, with where it came from.</summary>
public sealed class IndicatorObservation
{
    public Guid Id { get; init; }
    public required string IndicatorCode { get; init; }
    public required string Period { get; init; }
    public required string Region { get; init; }
    public decimal Value { get; set; }
    public required string Source { get; init; }
    public string? Note { get; set; }
}
