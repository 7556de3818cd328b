using System.Text.Json;
using YangFan.Benchmarks.Api.Seeding;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>
/// The rules this host offers to form definitions: the built-in ones and those that need the model or the reference
/// data (credit codes with their checksum, province and sector codes from <c>seeds/</c>).
/// </summary>
public static class HostFormRules
{
    public static FormRuleCatalog Catalog(ReferenceCodes codes) =>
        new([.. FormRuleCatalog.BuiltIn, new CreditCodeRule(),
            new ReferenceCodeRule("province-code", codes.Provinces,
                new LocalizedText("不是有效的省级行政区划代码", "Must be a two-digit GB/T 2260 province code (GET /api/provinces)."),
                "A GB/T 2260 province code from seeds/provinces.json (GET /api/provinces)."),
            new ReferenceCodeRule("sector-code", codes.Sectors,
                new LocalizedText("不是重点行业代码", "Must be a sector code from GET /api/sectors."),
                "A key sector's code from seeds/sectors.json (GET /api/sectors).")]);

    /// <summary>The catalog with the codes of the reference-data files in <paramref name="seedsFolder"/>.</summary>
    public static FormRuleCatalog FromSeeds(string seedsFolder) => Catalog(ReferenceCodes.FromSeeds(seedsFolder));

    private sealed class CreditCodeRule : IFormRule
    {
        private static readonly LocalizedText Invalid = new("不是有效的统一社会信用代码", "Must be a valid Unified Social Credit Code.");

        public string Name => "credit-code";
        public string Description => "A Unified Social Credit Code (GB 32100-2015) with its check character; letter case and spaces around it do not matter.";
        public string? CheckArguments(JsonElement? arguments) => arguments is null ? null : "Takes no arguments.";

        public IEnumerable<ContentError> Check(JsonElement value, string pointer, JsonElement? arguments)
        {
            if (value.ValueKind == JsonValueKind.String && !CreditCode.IsValid(CreditCode.Normalise(value.GetString())))
                yield return new ContentError(pointer, Invalid);
        }
    }

    private sealed class ReferenceCodeRule(string name, IReadOnlySet<string> codes, LocalizedText invalid, string description) : IFormRule
    {
        public string Name => name;
        public string Description => description;
        public string? CheckArguments(JsonElement? arguments) => arguments is null ? null : "Takes no arguments.";

        public IEnumerable<ContentError> Check(JsonElement value, string pointer, JsonElement? arguments)
        {
            // A value of another type is the schema's error.
            if (value.ValueKind == JsonValueKind.String && !codes.Contains(value.GetString()!))
                yield return new ContentError(pointer, invalid);
        }
    }
}
