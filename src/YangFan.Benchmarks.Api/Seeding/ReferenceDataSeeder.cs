using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Seeding;

/// <summary>
/// Loads the reference data in <c>seeds/</c>. Idempotent: missing rows are added, names and targets follow the
/// files, and nothing is ever deleted, because applications and profiles refer to these rows.
/// </summary>
public sealed class ReferenceDataSeeder(AppDbContext db, AuditTrail audit, ILogger<ReferenceDataSeeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private sealed record SectorSeed(string Code, string NameZh, string NameEn, string Group, string GroupZh);
    private sealed record ProgrammeSeed(string Key, string NameZh, string NameEn, string TargetScope, int? MinTarget, int? MaxTarget, string? Description,
        bool SeveralPerOrganisation = false);
    private sealed record ProvinceSeed(string Code, string NameZh, string NameEn);
    private sealed record CitySeed(string Code, string NameZh, string NameEn, string ProvinceCode);
    private sealed record ObservationSeed(string Period, string Region, decimal Value, string Source, string? Note);
    private sealed record IndicatorSeed(string Code, string NameZh, string NameEn, string Unit, decimal Target, int TargetYear, List<ObservationSeed> Observations);

    public async Task<int> SeedAsync(string seedDirectory, CancellationToken ct)
    {
        var changes = 0;
        var sectors = Read<SectorSeed>(seedDirectory, "sectors.json");
        var existingSectors = await db.Sectors.ToDictionaryAsync(s => s.Code, ct);
        for (var i = 0; i < sectors.Count; i++)
        {
            var s = sectors[i];
            if (existingSectors.TryGetValue(s.Code, out var row))
                changes += Update(row, r => { r.NameZh = s.NameZh; r.NameEn = s.NameEn; r.Group = s.Group; r.GroupZh = s.GroupZh; r.SortOrder = i; });
            else
            {
                db.Sectors.Add(new Sector { Code = s.Code, NameZh = s.NameZh, NameEn = s.NameEn, Group = s.Group, GroupZh = s.GroupZh, SortOrder = i });
                changes++;
            }
        }

        var programmes = Read<ProgrammeSeed>(seedDirectory, "programmes.json");
        var existingProgrammes = await db.Programmes.ToDictionaryAsync(p => p.Key, ct);
        for (var i = 0; i < programmes.Count; i++)
        {
            var p = programmes[i];
            var scope = p.TargetScope switch
            {
                "per-sector" => TargetScope.PerSector,
                "programme" => TargetScope.Programme,
                _ => throw new InvalidOperationException($"seeds/programmes.json: '{p.Key}' has unknown targetScope '{p.TargetScope}'."),
            };
            if (existingProgrammes.TryGetValue(p.Key, out var row))
                changes += Update(row, r =>
                {
                    r.NameZh = p.NameZh; r.NameEn = p.NameEn; r.Description = p.Description; r.TargetScope = scope;
                    r.MinTarget = p.MinTarget; r.MaxTarget = p.MaxTarget; r.SortOrder = i; r.SeveralPerOrganisation = p.SeveralPerOrganisation;
                });
            else
            {
                db.Programmes.Add(new Programme
                {
                    Key = p.Key, NameZh = p.NameZh, NameEn = p.NameEn, Description = p.Description, TargetScope = scope,
                    MinTarget = p.MinTarget, MaxTarget = p.MaxTarget, SortOrder = i, SeveralPerOrganisation = p.SeveralPerOrganisation,
                });
                changes++;
            }
        }

        var provinces = Read<ProvinceSeed>(seedDirectory, "provinces.json");
        var existingProvinces = await db.Provinces.ToDictionaryAsync(p => p.Code, ct);
        foreach (var p in provinces)
        {
            if (existingProvinces.TryGetValue(p.Code, out var row))
                changes += Update(row, r => { r.NameZh = p.NameZh; r.NameEn = p.NameEn; });
            else
            {
                db.Provinces.Add(new Province { Code = p.Code, NameZh = p.NameZh, NameEn = p.NameEn });
                changes++;
            }
        }

        var cities = Read<CitySeed>(seedDirectory, "cities.json");
        var existingCities = await db.Cities.ToDictionaryAsync(c => c.Code, ct);
        foreach (var c in cities)
        {
            if (c.Code.Length != 4 || !c.Code.All(char.IsAsciiDigit) || !c.Code.StartsWith(c.ProvinceCode, StringComparison.Ordinal))
                throw new InvalidOperationException($"seeds/cities.json: '{c.Code}' must be four digits that start with its province's code, '{c.ProvinceCode}'.");
            if (existingCities.TryGetValue(c.Code, out var row))
                changes += Update(row, r => { r.NameZh = c.NameZh; r.NameEn = c.NameEn; r.ProvinceCode = c.ProvinceCode; });
            else
            {
                db.Cities.Add(new City { Code = c.Code, NameZh = c.NameZh, NameEn = c.NameEn, ProvinceCode = c.ProvinceCode });
                changes++;
            }
        }

        var indicators = Read<IndicatorSeed>(seedDirectory, "indicators.json");
        var existingIndicators = await db.Indicators.Include(i => i.Observations).ToDictionaryAsync(i => i.Code, ct);
        for (var i = 0; i < indicators.Count; i++)
        {
            var seed = indicators[i];
            if (!existingIndicators.TryGetValue(seed.Code, out var indicator))
            {
                indicator = new Indicator { Code = seed.Code, NameZh = seed.NameZh, NameEn = seed.NameEn, Unit = seed.Unit };
                db.Indicators.Add(indicator);
                changes++;
            }
            changes += Update(indicator, r =>
            {
                r.NameZh = seed.NameZh; r.NameEn = seed.NameEn; r.Unit = seed.Unit; r.Target = seed.Target;
                r.TargetYear = seed.TargetYear; r.SortOrder = i;
            });
            foreach (var o in seed.Observations)
            {
                var observation = indicator.Observations.FirstOrDefault(x => x.Period == o.Period && x.Region == o.Region && x.Source == o.Source);
                if (observation is null)
                {
                    indicator.Observations.Add(new IndicatorObservation
                    {
                        Id = Guid.NewGuid(), IndicatorCode = seed.Code, Period = o.Period, Region = o.Region,
                        Value = o.Value, Source = o.Source, Note = o.Note,
                    });
                    changes++;
                }
                else
                    changes += Update(observation, r => { r.Value = o.Value; r.Note = o.Note; });
            }
        }

        if (changes > 0)
        {
            audit.Record("reference-data.seeded", "ReferenceData", "seeds", new
            {
                changes, sectors = sectors.Count, programmes = programmes.Count, provinces = provinces.Count, cities = cities.Count, indicators = indicators.Count,
            });
            logger.LogInformation("Reference data: {Changes} rows added or updated from {Directory}", changes, seedDirectory);
        }
        return changes;
    }

    /// <summary>Applies the seed values; counts a change only when a value actually differs.</summary>
    private int Update<T>(T row, Action<T> apply) where T : class
    {
        apply(row);
        var entry = db.Entry(row);
        if (entry.State != EntityState.Unchanged)
            return 0;
        entry.DetectChanges();
        return entry.State == EntityState.Modified ? 1 : 0;
    }

    private static List<T> Read<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new InvalidOperationException($"Seed file {path} is missing (Seed:Path is '{directory}').");
        try
        {
            return JsonSerializer.Deserialize<List<T>>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException($"Seed file {path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Seed file {path} is invalid: {ex.Message}", ex);
        }
    }
}
