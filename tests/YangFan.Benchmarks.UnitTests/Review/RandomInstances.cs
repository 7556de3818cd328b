using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.UnitTests.Review;

/// <summary>Small seeded assignment instances with overlapping organisations, sectors and provinces.</summary>
internal static class RandomInstances
{
    /// <summary>Up to 60 applications and 40 experts with capacities of 0 to 6: often infeasible.</summary>
    public static AssignmentRequest Create(int seed)
    {
        var random = new Random(seed);
        var sectorCount = random.Next(1, 6);
        var provinceCount = random.Next(1, 5);
        var organisationCount = random.Next(2, 16);
        var applicationCount = random.Next(1, 61);
        var expertCount = random.Next(1, 41);
        var reviewers = random.Next(1, 5);
        return Create(random, sectorCount, provinceCount, organisationCount, applicationCount, expertCount, reviewers,
            capacity: () => random.Next(0, 7));
    }

    /// <summary>
    /// 150 to 400 applications and 60 to 160 experts in few sectors, so that sectors hold more experts than the
    /// assigner links to each application; total capacity between 80% and 130% of the need.
    /// </summary>
    public static AssignmentRequest CreateLarger(int seed)
    {
        var random = new Random(seed);
        var applicationCount = random.Next(150, 401);
        var expertCount = random.Next(60, 161);
        var reviewers = random.Next(2, 6);
        var meanCapacity = applicationCount * reviewers * (0.8 + 0.5 * random.NextDouble()) / expertCount;
        return Create(random, sectorCount: random.Next(1, 4), provinceCount: random.Next(3, 9),
            organisationCount: random.Next(20, 81), applicationCount, expertCount, reviewers,
            capacity: () => Math.Max(0, (int)Math.Round(meanCapacity + random.Next(-2, 3))));
    }

    private static AssignmentRequest Create(Random random, int sectorCount, int provinceCount, int organisationCount,
        int applicationCount, int expertCount, int reviewers, Func<int> capacity)
    {

        string Sector(int i) => $"sector-{i}";
        string Province(int i) => $"{11 + i}";
        string Organisation(int i) => $"ORG{i:D15}";

        var experts = new List<ExpertFacts>();
        for (var e = 0; e < expertCount; e++)
        {
            var sectors = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Sector(random.Next(sectorCount)))
                .Select(s => random.Next(4) == 0 ? " " + s.ToUpperInvariant() : s)
                .ToHashSet();
            var declared = Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 3) : 0)
                .Select(_ => Vary(random, Organisation(random.Next(organisationCount))))
                .ToHashSet();
            experts.Add(new ExpertFacts(
                DeterministicGuid(random),
                Vary(random, Organisation(random.Next(organisationCount))),
                Province(random.Next(provinceCount)),
                sectors,
                capacity(),
                declared));
        }

        var applications = new List<ApplicationFacts>();
        for (var a = 0; a < applicationCount; a++)
        {
            var partners = Enumerable.Range(0, random.Next(0, 3))
                .Select(_ => Vary(random, Organisation(random.Next(organisationCount))))
                .ToHashSet();
            applications.Add(new ApplicationFacts(
                DeterministicGuid(random),
                Vary(random, Organisation(random.Next(organisationCount))),
                Province(random.Next(provinceCount)),
                random.Next(8) == 0 ? null : Sector(random.Next(sectorCount)),
                partners,
                random.Next(2) == 0 ? null : Vary(random, Organisation(random.Next(organisationCount)))));
        }

        var avoidSameProvince = random.Next(2) == 0;

        // Some applications already have a reviewer who may review them (not conflicted).
        var alreadyAssigned = new Dictionary<Guid, IReadOnlyList<Guid>>();
        var currentLoad = new Dictionary<Guid, int>();
        foreach (var application in applications)
        {
            if (random.Next(5) != 0) continue;
            var allowed = experts.Where(x => ConflictRules.Find(x, application, avoidSameProvince).Count == 0).ToList();
            if (allowed.Count == 0) continue;
            var expert = allowed[random.Next(allowed.Count)];
            alreadyAssigned[application.Id] = [expert.Id];
        }
        foreach (var expert in experts)
        {
            if (random.Next(4) == 0) currentLoad[expert.Id] = random.Next(0, 4);
        }

        return new AssignmentRequest(applications, experts, reviewers, avoidSameProvince, alreadyAssigned, currentLoad);
    }

    public static Guid DeterministicGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>The same code as an API client might send it: lower case, padded, or as stored.</summary>
    private static string Vary(Random random, string code) => random.Next(6) switch
    {
        0 => code.ToLowerInvariant(),
        1 => "  " + code + " ",
        _ => code,
    };
}
