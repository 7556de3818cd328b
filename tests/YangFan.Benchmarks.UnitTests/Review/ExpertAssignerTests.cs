using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.UnitTests.Review;

public class ExpertAssignerTests
{
    private static string Code(string code) => code.Trim().ToUpperInvariant();

    private static ExpertFacts Expert(string organisation, string sector = "smart-ports", int capacity = 10,
        string province = "11", IEnumerable<string>? declared = null) =>
        new(Guid.NewGuid(), organisation, province, new HashSet<string> { sector }, capacity, (declared ?? []).ToHashSet());

    private static ApplicationFacts Application(string applicant = "APPLICANT", string? sector = "smart-ports",
        string province = "44", IEnumerable<string>? partners = null, string? recommender = null) =>
        new(Guid.NewGuid(), applicant, province, sector, (partners ?? []).ToHashSet(), recommender);

    private static AssignmentRequest Request(IReadOnlyList<ApplicationFacts> applications, IReadOnlyList<ExpertFacts> experts,
        int reviewers, bool avoidSameProvince = false, Dictionary<Guid, IReadOnlyList<Guid>>? alreadyAssigned = null,
        Dictionary<Guid, int>? currentLoad = null) =>
        new(applications, experts, reviewers, avoidSameProvince, alreadyAssigned ?? [], currentLoad ?? []);

    [Fact]
    public void An_excluded_expert_is_never_proposed_but_their_organisation_stays_available()
    {
        var application = Application();
        var declined = Expert("ORG-A");
        var colleague = Expert("ORG-A");
        var other = Expert("ORG-B");
        var request = Request([application], [declined, colleague, other], reviewers: 2) with
        {
            Excluded = new Dictionary<Guid, IReadOnlyList<Guid>> { [application.Id] = [declined.Id] },
        };

        var plan = ExpertAssigner.Plan(request);

        Assert.True(plan.Feasible);
        Assert.Equal(new[] { colleague.Id, other.Id }.Order(), plan.Assignments.Select(a => a.ExpertId).Order());
    }

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 200; seed++) seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_plan_on_a_random_instance_keeps_every_rule(int seed)
    {
        var request = RandomInstances.Create(seed);

        var plan = ExpertAssigner.Plan(request);

        AssertKeepsEveryRule(request, plan);
        Assert.Equal(MaximumReviews(request), plan.Assignments.Count);
    }

    public static TheoryData<int> LargerSeeds() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(LargerSeeds))]
    public void A_plan_with_more_in_sector_experts_than_it_links_keeps_every_rule_and_covers_the_most(int seed)
    {
        var request = RandomInstances.CreateLarger(seed);

        var plan = ExpertAssigner.Plan(request);

        AssertKeepsEveryRule(request, plan);
        Assert.Equal(MaximumReviews(request), plan.Assignments.Count);
    }

    [Fact]
    public void A_plan_is_deterministic()
    {
        foreach (var seed in new[] { 3, 17, 42, 99 })
        {
            var request = RandomInstances.Create(seed);

            var first = ExpertAssigner.Plan(request);
            var second = ExpertAssigner.Plan(request);

            Assert.Equal(first.Assignments, second.Assignments);
            Assert.Equal(first.Uncovered, second.Uncovered);
        }
    }

    [Fact]
    public void Expert_from_the_applicant_organisation_is_never_proposed()
    {
        var own = Expert("APPLICANT");
        var others = Enumerable.Range(0, 3).Select(i => Expert($"ORG{i}")).ToArray();
        var application = Application();

        var plan = ExpertAssigner.Plan(Request([application], [own, .. others], reviewers: 3));

        Assert.True(plan.Feasible);
        Assert.DoesNotContain(plan.Assignments, a => a.ExpertId == own.Id);
        Assert.Equal(others.Select(e => e.Id).Order(), plan.Assignments.Select(a => a.ExpertId).Order());
    }

    [Fact]
    public void At_most_one_expert_per_organisation_including_those_already_assigned()
    {
        var assigned = Expert("ORG-A");
        var sameOrganisation = Expert("org-a ");
        var twins = new[] { Expert("ORG-B"), Expert("ORG-B"), Expert("ORG-B") };
        var other = Expert("ORG-C");
        var application = Application();

        var plan = ExpertAssigner.Plan(Request([application], [assigned, sameOrganisation, .. twins, other], reviewers: 3,
            alreadyAssigned: new() { [application.Id] = [assigned.Id] }));

        Assert.True(plan.Feasible);
        Assert.Equal(2, plan.Assignments.Count);
        Assert.DoesNotContain(plan.Assignments, a => a.ExpertId == assigned.Id || a.ExpertId == sameOrganisation.Id);
        Assert.Single(plan.Assignments, a => twins.Any(t => t.Id == a.ExpertId));
        Assert.Contains(plan.Assignments, a => a.ExpertId == other.Id);
    }

    [Fact]
    public void An_application_already_fully_assigned_needs_nothing()
    {
        var experts = Enumerable.Range(0, 3).Select(i => Expert($"ORG{i}")).ToArray();
        var application = Application();

        var plan = ExpertAssigner.Plan(Request([application], experts, reviewers: 2,
            alreadyAssigned: new() { [application.Id] = [experts[0].Id, experts[1].Id] }));

        Assert.True(plan.Feasible);
        Assert.Empty(plan.Assignments);
    }

    [Fact]
    public void In_sector_experts_are_preferred_when_available()
    {
        var inSector = Enumerable.Range(0, 3).Select(i => Expert($"IN{i}", "smart-ports", capacity: 1)).ToArray();
        var outOfSector = Enumerable.Range(0, 6).Select(i => Expert($"OUT{i}", "smart-city", capacity: 5)).ToArray();
        var application = Application();

        var plan = ExpertAssigner.Plan(Request([application], [.. outOfSector, .. inSector], reviewers: 3));

        Assert.True(plan.Feasible);
        Assert.All(plan.Assignments, a => Assert.True(a.SectorMatch));
        Assert.Equal(inSector.Select(e => e.Id).Order(), plan.Assignments.Select(a => a.ExpertId).Order());
    }

    [Fact]
    public void Out_of_sector_experts_fill_in_when_in_sector_experts_run_out()
    {
        var inSector = Expert("IN", "SMART-PORTS ", capacity: 1);
        var outOfSector = Enumerable.Range(0, 4).Select(i => Expert($"OUT{i}", "smart-city")).ToArray();
        var application = Application();

        var plan = ExpertAssigner.Plan(Request([application], [.. outOfSector, inSector], reviewers: 3));

        Assert.True(plan.Feasible);
        Assert.Single(plan.Assignments, a => a.SectorMatch && a.ExpertId == inSector.Id);
        Assert.Equal(2, plan.Assignments.Count(a => !a.SectorMatch));
    }

    [Fact]
    public void A_contended_in_sector_expert_goes_where_no_one_else_can_cover_the_sector()
    {
        // Both applications want the one smart-ports expert; the smart-mining application has its own experts.
        var portsExpert = new ExpertFacts(Guid.NewGuid(), "PORTS", "11", new HashSet<string> { "smart-ports", "smart-mining" }, 1,
            new HashSet<string>());
        var miningExpert = Expert("MINING", "smart-mining");
        var cityExpert = Expert("CITY", "smart-city");
        var ports = Application(sector: "smart-ports");
        var mining = Application(sector: "smart-mining");

        var plan = ExpertAssigner.Plan(Request([mining, ports], [cityExpert, miningExpert, portsExpert], reviewers: 1));

        Assert.True(plan.Feasible);
        Assert.Contains(new ProposedAssignment(ports.Id, portsExpert.Id, true), plan.Assignments);
        Assert.Contains(new ProposedAssignment(mining.Id, miningExpert.Id, true), plan.Assignments);
    }

    [Fact]
    public void Load_is_spread_evenly_across_equally_eligible_experts()
    {
        var experts = Enumerable.Range(0, 20).Select(i => Expert($"ORG{i}", capacity: 100)).ToArray();
        var applications = Enumerable.Range(0, 50).Select(i => Application(applicant: $"APP{i}")).ToArray();

        var plan = ExpertAssigner.Plan(Request(applications, experts, reviewers: 3));

        Assert.True(plan.Feasible);
        var loads = experts.Select(e => plan.Assignments.Count(a => a.ExpertId == e.Id)).ToArray();
        Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(",", loads)}");
        Assert.Equal(150, loads.Sum());
    }

    [Fact]
    public void Current_load_counts_toward_balance_and_capacity()
    {
        var busy = Expert("BUSY", capacity: 12);
        var idle = Enumerable.Range(0, 5).Select(i => Expert($"ORG{i}", capacity: 12)).ToArray();
        var applications = Enumerable.Range(0, 20).Select(i => Application(applicant: $"APP{i}")).ToArray();

        var plan = ExpertAssigner.Plan(Request(applications, [busy, .. idle], reviewers: 2,
            currentLoad: new() { [busy.Id] = 10 }));

        Assert.True(plan.Feasible);
        var busyLoad = plan.Assignments.Count(a => a.ExpertId == busy.Id);
        Assert.True(busyLoad <= 2);
        // 40 reviews over six experts, one of whom already holds 10: the others take 7 or 8 each, the busy one none.
        Assert.Equal(0, busyLoad);
        Assert.All(idle, e => Assert.InRange(plan.Assignments.Count(a => a.ExpertId == e.Id), 7, 9));
    }

    [Fact]
    public void Balance_holds_on_random_instances_among_experts_of_the_same_sectors()
    {
        // Experts with the same sectors, no conflicts and spare capacity left are interchangeable: a min-cost plan
        // never leaves one of them two reviews above another it could have handed a review to.
        for (var seed = 0; seed < 30; seed++)
        {
            var random = new Random(seed);
            var sectors = new[] { "smart-ports", "smart-city", "smart-mining" };
            var experts = Enumerable.Range(0, random.Next(5, 30))
                .Select(i => Expert($"ORG{i}", sectors[random.Next(sectors.Length)], capacity: 1000)).ToArray();
            var applications = Enumerable.Range(0, random.Next(10, 80))
                .Select(i => Application(applicant: $"APP{i}", sector: sectors[random.Next(sectors.Length)])).ToArray();

            var plan = ExpertAssigner.Plan(Request(applications, experts, reviewers: random.Next(1, 4)));

            Assert.True(plan.Feasible);
            foreach (var group in experts.GroupBy(e => e.Sectors.Single()))
            {
                // Out-of-sector fallbacks are offered to a few experts only, so balance is promised in-sector.
                var members = group.Select(e => e.Id).ToHashSet();
                if (plan.Assignments.Any(a => members.Contains(a.ExpertId) && !a.SectorMatch)) continue;
                if (!applications.Any(a => a.SectorCode == group.Key)) continue;
                var loads = group.Select(e => plan.Assignments.Count(a => a.ExpertId == e.Id)).ToArray();
                Assert.True(loads.Max() - loads.Min() <= 1, $"seed {seed}, sector {group.Key}: {string.Join(",", loads)}");
            }
        }
    }

    [Fact]
    public void An_application_without_enough_unconflicted_experts_is_reported_with_the_count()
    {
        var application = Application(applicant: "APPLICANT", partners: ["PARTNER"]);
        var experts = new[]
        {
            Expert("APPLICANT"), Expert("partner"), Expert("DECLARED", declared: ["applicant"]),
            Expert("FREE1"), Expert("FREE2"),
        };
        var coverable = Application(applicant: "ELSEWHERE");

        var plan = ExpertAssigner.Plan(Request([application, coverable], experts, reviewers: 3));

        Assert.False(plan.Feasible);
        var uncovered = Assert.Single(plan.Uncovered);
        Assert.Equal(application.Id, uncovered.ApplicationId);
        Assert.Equal(3, uncovered.Needed);
        Assert.Equal(2, uncovered.Proposed);
        Assert.StartsWith("Only 2 unconflicted experts", uncovered.Reason);
        Assert.Contains("smart-ports", uncovered.Reason);
        Assert.Contains("needs 3", uncovered.Reason);
        Assert.Contains("3 of the 5 experts are conflicted", uncovered.Reason);
        Assert.Equal(2, plan.Assignments.Count(a => a.ApplicationId == application.Id));
        Assert.Equal(3, plan.Assignments.Count(a => a.ApplicationId == coverable.Id));
    }

    [Fact]
    public void An_application_whose_experts_are_busy_elsewhere_is_reported_as_capacity_taken()
    {
        var experts = Enumerable.Range(0, 3).Select(i => Expert($"ORG{i}", capacity: 1)).ToArray();
        var applications = Enumerable.Range(0, 3).Select(i => Application(applicant: $"APP{i}")).ToArray();

        var plan = ExpertAssigner.Plan(Request(applications, experts, reviewers: 2));

        Assert.False(plan.Feasible);
        Assert.Equal(3, plan.Assignments.Count);
        var covered = applications.Count(a => plan.Assignments.Count(p => p.ApplicationId == a.Id) == 2);
        Assert.Equal(applications.Length - covered, plan.Uncovered.Count);
        Assert.All(plan.Uncovered, u =>
        {
            Assert.Equal(2, u.Needed);
            Assert.StartsWith("Enough unconflicted experts exist", u.Reason);
            Assert.EndsWith("but their capacity is taken by other applications.", u.Reason);
        });
    }

    [Fact]
    public void Same_province_experts_are_avoided_when_the_review_asks()
    {
        var local = Expert("LOCAL", province: "44");
        var remote = Expert("REMOTE", province: "31");
        var application = Application(province: "44");

        var avoiding = ExpertAssigner.Plan(Request([application], [local, remote], reviewers: 2, avoidSameProvince: true));
        var allowing = ExpertAssigner.Plan(Request([application], [local, remote], reviewers: 2, avoidSameProvince: false));

        Assert.Equal([remote.Id], avoiding.Assignments.Select(a => a.ExpertId));
        Assert.Contains("Only 1 unconflicted expert", Assert.Single(avoiding.Uncovered).Reason);
        Assert.True(allowing.Feasible);
    }

    [Fact]
    public void Every_application_without_candidates_is_named_in_the_report()
    {
        var applications = Enumerable.Range(0, 4).Select(i => Application(applicant: "SOLE")).ToArray();
        var experts = new[] { Expert("SOLE"), Expert("sole") };

        var plan = ExpertAssigner.Plan(Request(applications, experts, reviewers: 1));

        Assert.Empty(plan.Assignments);
        Assert.Equal(applications.Select(a => a.Id), plan.Uncovered.Select(u => u.ApplicationId));
        Assert.All(plan.Uncovered, u => Assert.StartsWith("Only 0 unconflicted experts", u.Reason));
    }

    [Fact]
    public void Duplicate_experts_or_applications_are_refused()
    {
        var expert = Expert("ORG");
        var application = Application();

        Assert.Throws<ArgumentException>(() => ExpertAssigner.Plan(Request([application], [expert, expert], 1)));
        Assert.Throws<ArgumentException>(() => ExpertAssigner.Plan(Request([application, application], [expert], 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpertAssigner.Plan(Request([application], [expert], -1)));
    }

    [Fact]
    public void Nothing_to_assign_gives_an_empty_feasible_plan()
    {
        var plan = ExpertAssigner.Plan(Request([], [], reviewers: 3));

        Assert.True(plan.Feasible);
        Assert.Empty(plan.Assignments);
    }

    /// <summary>The properties every plan must have, checked independently of the assigner.</summary>
    private static void AssertKeepsEveryRule(AssignmentRequest request, AssignmentPlan plan)
    {
        var experts = request.Experts.ToDictionary(e => e.Id);
        var applications = request.Applications.ToDictionary(a => a.Id);
        var uncovered = plan.Uncovered.ToDictionary(u => u.ApplicationId);

        Assert.Equal(plan.Assignments.Count, plan.Assignments.Distinct().Count());
        Assert.Equal(plan.Assignments.Count, plan.Assignments.Select(a => (a.ApplicationId, a.ExpertId)).Distinct().Count());

        foreach (var expert in request.Experts)
        {
            var load = request.CurrentLoad.GetValueOrDefault(expert.Id) + plan.Assignments.Count(a => a.ExpertId == expert.Id);
            Assert.True(plan.Assignments.All(a => a.ExpertId != expert.Id) || load <= expert.Capacity,
                $"expert {expert.Id} holds {load} over a capacity of {expert.Capacity}");
        }

        foreach (var application in request.Applications)
        {
            var already = request.AlreadyAssigned.GetValueOrDefault(application.Id) ?? [];
            var need = Math.Max(0, request.ReviewersPerApplication - already.Distinct().Count());
            var proposed = plan.Assignments.Where(a => a.ApplicationId == application.Id).ToList();

            if (uncovered.TryGetValue(application.Id, out var report))
            {
                Assert.Equal(need, report.Needed);
                Assert.Equal(proposed.Count, report.Proposed);
                Assert.True(report.Proposed < report.Needed);
                Assert.False(string.IsNullOrWhiteSpace(report.Reason));
                Assert.True(report.Reason.StartsWith("Only ") || report.Reason.StartsWith("Enough "), report.Reason);
            }
            else
            {
                Assert.Equal(need, proposed.Count);
            }

            var organisations = already.Where(experts.ContainsKey).Select(id => Code(experts[id].AffiliationCreditCode)).ToList();
            foreach (var assignment in proposed)
            {
                Assert.DoesNotContain(assignment.ExpertId, already);
                var expert = experts[assignment.ExpertId];
                Assert.Empty(ConflictRules.Find(expert, application, request.AvoidSameProvince));
                organisations.Add(Code(expert.AffiliationCreditCode));

                var sectorMatch = application.SectorCode is { } sector &&
                                  expert.Sectors.Any(s => Code(s) == Code(sector));
                Assert.Equal(sectorMatch, assignment.SectorMatch);
            }
            Assert.Equal(organisations.Count, organisations.Distinct().Count());
        }

        Assert.All(plan.Uncovered, u => Assert.True(applications.ContainsKey(u.ApplicationId)));
        Assert.Equal(plan.Uncovered.Count, plan.Uncovered.Select(u => u.ApplicationId).Distinct().Count());
        Assert.Equal(plan.Uncovered.Count == 0, plan.Feasible);

        AssertPrefersSectorExpertise(request, plan);
    }

    /// <summary>
    /// An out-of-sector expert is only proposed when no in-sector expert who may review the application has
    /// capacity left: otherwise swapping them would be cheaper, and the plan would not be of minimum cost.
    /// </summary>
    private static void AssertPrefersSectorExpertise(AssignmentRequest request, AssignmentPlan plan)
    {
        var experts = request.Experts.ToDictionary(e => e.Id);
        var used = plan.Assignments.GroupBy(a => a.ExpertId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var application in request.Applications)
        {
            if (application.SectorCode is not { } sector) continue;
            var proposed = plan.Assignments.Where(a => a.ApplicationId == application.Id).ToList();
            var already = request.AlreadyAssigned.GetValueOrDefault(application.Id) ?? [];
            var onIt = already.Concat(proposed.Select(p => p.ExpertId)).ToHashSet();

            foreach (var outsider in proposed.Where(p => !p.SectorMatch))
            {
                var organisationsWithout = onIt.Where(id => id != outsider.ExpertId && experts.ContainsKey(id))
                    .Select(id => Code(experts[id].AffiliationCreditCode)).ToHashSet();
                var better = request.Experts.FirstOrDefault(e =>
                    !onIt.Contains(e.Id) &&
                    e.Sectors.Any(s => Code(s) == Code(sector)) &&
                    e.Capacity - request.CurrentLoad.GetValueOrDefault(e.Id) - used.GetValueOrDefault(e.Id) > 0 &&
                    !organisationsWithout.Contains(Code(e.AffiliationCreditCode)) &&
                    ConflictRules.Find(e, application, request.AvoidSameProvince).Count == 0);
                Assert.True(better is null,
                    $"application {application.Id} got out-of-sector expert {outsider.ExpertId} while {better?.Id} was free");
            }
        }
    }

    /// <summary>
    /// The most reviews any plan could propose: a plain maximum flow (Dinic) over every allowed pair, with no
    /// candidate limits: source → application → (application, organisation) → expert → sink.
    /// </summary>
    private static int MaximumReviews(AssignmentRequest request)
    {
        var experts = request.Experts;
        var graph = new FlowGraph();
        var source = graph.AddNode();
        var sink = graph.AddNode();
        var expertNodes = experts.Select(_ => graph.AddNode()).ToArray();
        for (var e = 0; e < experts.Count; e++)
        {
            var free = experts[e].Capacity - request.CurrentLoad.GetValueOrDefault(experts[e].Id);
            if (free > 0) graph.AddArc(expertNodes[e], sink, free);
        }

        foreach (var application in request.Applications)
        {
            var already = (request.AlreadyAssigned.GetValueOrDefault(application.Id) ?? []).Distinct().ToList();
            var need = Math.Max(0, request.ReviewersPerApplication - already.Count);
            if (need == 0) continue;
            var taken = experts.Where(e => already.Contains(e.Id)).Select(e => Code(e.AffiliationCreditCode)).ToHashSet();
            var node = graph.AddNode();
            graph.AddArc(source, node, need);
            var organisationNodes = new Dictionary<string, int>();
            for (var e = 0; e < experts.Count; e++)
            {
                var organisation = Code(experts[e].AffiliationCreditCode);
                if (already.Contains(experts[e].Id) || taken.Contains(organisation)) continue;
                if (ConflictRules.Find(experts[e], application, request.AvoidSameProvince).Count > 0) continue;
                if (!organisationNodes.TryGetValue(organisation, out var organisationNode))
                {
                    organisationNodes[organisation] = organisationNode = graph.AddNode();
                    graph.AddArc(node, organisationNode, 1);
                }
                graph.AddArc(organisationNode, expertNodes[e], 1);
            }
        }

        return graph.MaxFlow(source, sink);
    }

    private sealed class FlowGraph
    {
        private readonly List<List<int>> _arcsOf = [];
        private readonly List<int> _head = [];
        private readonly List<int> _capacity = [];
        private int[] _level = [];
        private int[] _next = [];

        public int AddNode()
        {
            _arcsOf.Add([]);
            return _arcsOf.Count - 1;
        }

        public void AddArc(int from, int to, int capacity)
        {
            _arcsOf[from].Add(_head.Count);
            _head.Add(to);
            _capacity.Add(capacity);
            _arcsOf[to].Add(_head.Count);
            _head.Add(from);
            _capacity.Add(0);
        }

        public int MaxFlow(int source, int sink)
        {
            var total = 0;
            _level = new int[_arcsOf.Count];
            _next = new int[_arcsOf.Count];
            while (Levels(source, sink))
            {
                Array.Clear(_next);
                int pushed;
                while ((pushed = Push(source, sink, int.MaxValue)) > 0) total += pushed;
            }
            return total;
        }

        private bool Levels(int source, int sink)
        {
            Array.Fill(_level, -1);
            _level[source] = 0;
            var queue = new Queue<int>([source]);
            while (queue.TryDequeue(out var at))
            {
                foreach (var arc in _arcsOf[at])
                {
                    if (_capacity[arc] <= 0 || _level[_head[arc]] >= 0) continue;
                    _level[_head[arc]] = _level[at] + 1;
                    queue.Enqueue(_head[arc]);
                }
            }
            return _level[sink] >= 0;
        }

        private int Push(int at, int sink, int limit)
        {
            if (at == sink) return limit;
            for (; _next[at] < _arcsOf[at].Count; _next[at]++)
            {
                var arc = _arcsOf[at][_next[at]];
                var to = _head[arc];
                if (_capacity[arc] <= 0 || _level[to] != _level[at] + 1) continue;
                var pushed = Push(to, sink, Math.Min(limit, _capacity[arc]));
                if (pushed <= 0) continue;
                _capacity[arc] -= pushed;
                _capacity[arc ^ 1] += pushed;
                return pushed;
            }
            return 0;
        }
    }
}
