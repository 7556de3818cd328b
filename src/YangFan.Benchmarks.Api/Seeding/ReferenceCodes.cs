using System.Text.Json;

namespace YangFan.Benchmarks.Api.Seeding;

/// <summary>
/// The codes of the reference data in <c>seeds/</c> (provinces, sectors), read from its files once at start-up, the
/// same files the database's reference tables are seeded from. Checks that need only the codes ask here, without the
/// database: a form definition's rules, the sign-up page's credit-code check as it is typed.
/// </summary>
public sealed record ReferenceCodes(IReadOnlySet<string> Provinces, IReadOnlySet<string> Sectors)
{
    public static ReferenceCodes FromSeeds(string seedsFolder)
    {
        static HashSet<string> Codes(string file) =>
            JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray()
                .Select(e => e.GetProperty("code").GetString()!).ToHashSet(StringComparer.Ordinal);
        return new ReferenceCodes(Codes(Path.Combine(seedsFolder, "provinces.json")), Codes(Path.Combine(seedsFolder, "sectors.json")));
    }

}
