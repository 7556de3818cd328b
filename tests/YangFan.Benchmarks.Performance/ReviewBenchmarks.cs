using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.Performance;

/// <summary>
/// Expert review at national scale (issue 5): conflicts of interest for 10,000 applications × 2,000 experts (target
/// under 1 s) and the automatic assignment of 5 reviewers to each (target under 10 s), both under 1 GB.
/// </summary>
/// <remarks>
/// One operation takes seconds, so the job runs a few single-invocation iterations (monitoring strategy) rather
/// than BenchmarkDotNet's default of many. The process's peak working set, which includes OR-Tools' native
/// memory that BenchmarkDotNet's "Allocated" does not see, is printed by the global cleanup.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, id: "Review")]
public class ReviewBenchmarks
{
    private SyntheticReviewInstance _instance = null!;
    private long _workingSetAfterSetup;
    private AssignmentPlan? _lastPlan;
    private int _lastConflicts;

    [GlobalSetup]
    public void Setup()
    {
        _instance = SyntheticReviewInstance.Create(seed: 2023);
        GC.Collect();
        _workingSetAfterSetup = Process.GetCurrentProcess().WorkingSet64;
    }

    /// <summary>Index the experts and find the conflicted experts of every application.</summary>
    [Benchmark]
    public int ComputeConflicts()
    {
        var index = new ConflictIndex(_instance.Experts);
        var total = 0;
        foreach (var application in _instance.Applications)
            total += index.Conflicted(application, _instance.Request.AvoidSameProvince).Count;
        return _lastConflicts = total;
    }

    /// <summary>Plan 5 reviewers for each of the 10,000 applications.</summary>
    [Benchmark]
    public int AssignAll()
    {
        _lastPlan = ExpertAssigner.Plan(_instance.Request);
        return _lastPlan.Assignments.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine($"// Review memory: working set after setup {Megabytes(_workingSetAfterSetup)}, " +
                          $"peak working set {Megabytes(process.PeakWorkingSet64)}, " +
                          $"peak managed heap (last GC) {Megabytes(gc.HeapSizeBytes)}, " +
                          $"total allocated {Megabytes(GC.GetTotalAllocatedBytes())}");
        Console.WriteLine($"// Review instance: {_instance.Describe()}");
        if (_lastConflicts > 0)
            Console.WriteLine($"// Review conflicts: {_lastConflicts:N0} conflicted pairs " +
                              $"({(double)_lastConflicts / _instance.Applications.Count:F1} per application)");
        if (_lastPlan is { } plan)
            Console.WriteLine($"// Review plan: {_instance.Summarise(plan)}");
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";
}

/// <summary>
/// A seeded national-scale review: 10,000 applications and 2,000 experts with the spread of a real call: sectors
/// weighted unevenly, provinces weighted by economic size, ~800 expert organisations (some of them partners of
/// applications, a few of them recommending bodies), a few declared conflicts, and same-province avoidance on.
/// </summary>
public sealed class SyntheticReviewInstance
{
    public const int ApplicationCount = 10_000;
    public const int ExpertCount = 2_000;
    public const int ReviewersPerApplication = 5;
    public const int ExpertCapacity = 30;
    public const int ExpertOrganisationCount = 800;

    // Key sectors with a rough share of applications: industry and city applications dominate, oil and water are rare.
    private static readonly (string Sector, double Weight)[] Sectors =
    [
        ("industrial-internet", 20), ("smart-city", 12), ("smart-healthcare", 9), ("internet-of-vehicles", 8),
        ("smart-education", 8), ("info-consumption", 6), ("smart-logistics", 6), ("smart-power", 6),
        ("converged-media", 5), ("culture-tourism", 5), ("smart-ports", 4), ("smart-mining", 3),
        ("smart-agriculture", 3), ("smart-oil-gas", 2.5), ("smart-water", 2.5),
    ];

    // The 31 mainland provinces (GB/T 2260) weighted by 2023 GDP in trillion yuan.
    private static readonly (string Province, double Weight)[] Provinces =
    [
        ("44", 13.6), ("32", 12.8), ("37", 9.2), ("33", 8.3), ("51", 6.0), ("41", 5.9), ("42", 5.6), ("35", 5.4),
        ("43", 5.0), ("31", 4.7), ("34", 4.7), ("11", 4.4), ("13", 4.4), ("61", 3.4), ("36", 3.2), ("50", 3.0),
        ("21", 3.0), ("53", 3.0), ("45", 2.7), ("14", 2.6), ("15", 2.5), ("52", 2.1), ("65", 1.9), ("12", 1.7),
        ("23", 1.6), ("22", 1.4), ("62", 1.2), ("46", 0.75), ("64", 0.53), ("63", 0.38), ("54", 0.24),
    ];

    private SyntheticReviewInstance(List<ApplicationFacts> applications, List<ExpertFacts> experts)
    {
        Applications = applications;
        Experts = experts;
        Request = new AssignmentRequest(applications, experts, ReviewersPerApplication, AvoidSameProvince: true,
            new Dictionary<Guid, IReadOnlyList<Guid>>(), new Dictionary<Guid, int>());
    }

    public IReadOnlyList<ApplicationFacts> Applications { get; }
    public IReadOnlyList<ExpertFacts> Experts { get; }
    public AssignmentRequest Request { get; }

    public static SyntheticReviewInstance Create(int seed)
    {
        var random = new Random(seed);
        var sectorWeights = Sectors.Select(s => s.Weight).ToArray();
        var provinceWeights = Provinces.Select(p => p.Weight).ToArray();

        // Recommending bodies: one provincial department per province.
        var recommenders = Provinces.ToDictionary(p => p.Province, p => NewCode(random, p.Province, '1'));

        // Expert organisations (universities, institutes, operators, firms): sizes follow a long tail, so a few
        // large ones supply many experts. About 2% of experts sit in a recommending body.
        var organisations = Enumerable.Range(0, ExpertOrganisationCount)
            .Select(_ =>
            {
                var province = Provinces[Pick(random, provinceWeights)].Province;
                return (Code: NewCode(random, province, '9'), Province: province);
            })
            .ToArray();
        var organisationWeights = Enumerable.Range(1, ExpertOrganisationCount).Select(rank => 1.0 / Math.Sqrt(rank)).ToArray();

        var experts = new List<ExpertFacts>(ExpertCount);
        for (var e = 0; e < ExpertCount; e++)
        {
            string affiliation, province;
            if (random.NextDouble() < 0.02)
                (province, affiliation) = recommenders.ElementAt(random.Next(recommenders.Count));
            else
                (affiliation, province) = organisations[Pick(random, organisationWeights)];
            var sectors = new HashSet<string>();
            var sectorCount = random.Next(1, 4);
            while (sectors.Count < sectorCount) sectors.Add(Sectors[Pick(random, sectorWeights)].Sector);
            experts.Add(new ExpertFacts(NewGuid(random), affiliation, province, sectors, ExpertCapacity, new HashSet<string>()));
        }

        // Applicants: mostly companies that are not expert organisations; partners are often universities and
        // institutes that do supply experts.
        var applications = new List<ApplicationFacts>(ApplicationCount);
        var applicantCodes = new List<string>(ApplicationCount);
        for (var a = 0; a < ApplicationCount; a++)
        {
            var province = Provinces[Pick(random, provinceWeights)].Province;
            var applicant = random.NextDouble() < 0.03
                ? organisations[Pick(random, organisationWeights)].Code
                : NewCode(random, province, '9');
            applicantCodes.Add(applicant);
            var partners = new HashSet<string>();
            var partnerCount = random.Next(0, 4);
            for (var p = 0; p < partnerCount; p++)
            {
                partners.Add(random.NextDouble() < 0.4
                    ? organisations[Pick(random, organisationWeights)].Code
                    : NewCode(random, Provinces[Pick(random, provinceWeights)].Province, '9'));
            }
            applications.Add(new ApplicationFacts(NewGuid(random), applicant, province,
                Sectors[Pick(random, sectorWeights)].Sector, partners, recommenders[province]));
        }

        // A few experts (5%) declare one or two conflicts, usually with an applicant they know.
        for (var e = 0; e < ExpertCount; e++)
        {
            if (random.NextDouble() >= 0.05) continue;
            var declared = Enumerable.Range(0, random.Next(1, 3))
                .Select(_ => random.NextDouble() < 0.8
                    ? applicantCodes[random.Next(applicantCodes.Count)]
                    : organisations[random.Next(organisations.Length)].Code)
                .ToHashSet();
            experts[e] = experts[e] with { DeclaredConflictCodes = declared };
        }

        return new SyntheticReviewInstance(applications, experts);
    }

    public string Describe()
    {
        var organisations = Experts.Select(e => e.AffiliationCreditCode).Distinct().Count();
        var sectorMemberships = Experts.Sum(e => e.Sectors.Count);
        var largestSector = Applications.GroupBy(a => a.SectorCode).MaxBy(g => g.Count())!;
        return $"{Applications.Count:N0} applications × {Experts.Count:N0} experts × {ReviewersPerApplication} reviewers; " +
               $"{organisations} expert organisations; {sectorMemberships / (double)Experts.Count:F2} sectors per expert; " +
               $"largest sector {largestSector.Key} with {largestSector.Count():N0} applications";
    }

    public string Summarise(AssignmentPlan plan)
    {
        var loads = plan.Assignments.GroupBy(a => a.ExpertId).ToDictionary(g => g.Key, g => g.Count());
        var used = Experts.Select(e => loads.GetValueOrDefault(e.Id)).ToArray();
        var inSector = plan.Assignments.Count(a => a.SectorMatch);
        return $"feasible {plan.Feasible}, {plan.Assignments.Count:N0} assignments, {plan.Uncovered.Count} uncovered, " +
               $"{100.0 * inSector / Math.Max(1, plan.Assignments.Count):F1}% in sector, " +
               $"expert load min {used.Min()} / max {used.Max()} of {ExpertCapacity}";
    }

    private static int Pick(Random random, double[] weights)
    {
        var target = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>A valid Unified Social Credit Code registered in <paramref name="province"/>.</summary>
    private static string NewCode(Random random, string province, char department)
    {
        var organisation = new char[8];
        for (var i = 0; i < 8; i++) organisation[i] = (char)('0' + random.Next(10));
        var first17 = $"{department}1{province}0000{new string(organisation)}" +
                      CreditCode.OrganisationCodeCheck(organisation);
        return first17 + CreditCode.CodeCheck(first17);
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
