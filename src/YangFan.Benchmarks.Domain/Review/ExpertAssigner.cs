using Google.OrTools.Graph;

namespace YangFan.Benchmarks.Domain.Review;

/// <summary>Everything the automatic assigner needs for one call.</summary>
/// <param name="Applications">The applications to cover.</param>
/// <param name="Experts">The experts available (active) in this call.</param>
/// <param name="ReviewersPerApplication">The workflow's <c>minReviewers</c>.</param>
/// <param name="AvoidSameProvince">The workflow review block's <c>avoidSameProvince</c>.</param>
/// <param name="AlreadyAssigned">
/// Application → experts already assigned to it: they count toward its need, are never proposed again, and their
/// organisations are taken for that application.
/// </param>
/// <param name="CurrentLoad">Expert → assignments already held in this call; they count against the capacity.</param>
/// <param name="Excluded">
/// Application → experts who must not be proposed for it although they are not conflicted (e.g. they declined it or
/// were removed from it in the current round). They neither count toward its need nor take their organisation.
/// </param>
public sealed record AssignmentRequest(
    IReadOnlyList<ApplicationFacts> Applications,
    IReadOnlyList<ExpertFacts> Experts,
    int ReviewersPerApplication,
    bool AvoidSameProvince,
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> AlreadyAssigned,
    IReadOnlyDictionary<Guid, int> CurrentLoad,
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>? Excluded = null);

/// <summary>One expert proposed for one application; <paramref name="SectorMatch"/> when the expert covers its sector.</summary>
public sealed record ProposedAssignment(Guid ApplicationId, Guid ExpertId, bool SectorMatch);

/// <summary>An application that cannot get all the reviewers it needs, and why.</summary>
/// <param name="ApplicationId">The application.</param>
/// <param name="Needed">Reviewers still needed (the minimum less those already assigned).</param>
/// <param name="Proposed">Reviewers the plan does propose for it.</param>
/// <param name="Reason">Why it cannot be covered, in an English sentence.</param>
public sealed record UncoveredApplication(Guid ApplicationId, int Needed, int Proposed, string Reason);

/// <summary>The assigner's answer: the proposed assignments and every application that could not be covered.</summary>
public sealed record AssignmentPlan(IReadOnlyList<ProposedAssignment> Assignments, IReadOnlyList<UncoveredApplication> Uncovered)
{
    public bool Feasible => Uncovered.Count == 0;
}

/// <summary>
/// Proposes experts for applications as a maximum flow of minimum cost (Google OR-Tools): source → application
/// (its need) → one node per (application, organisation) (capacity 1, so at most one expert per organisation) →
/// expert → sink through unit arcs of increasing cost (convex, so load is balanced) up to the expert's free capacity.
/// Out-of-sector pairs cost more than any load difference, so sector expertise is preferred. Conflicted pairs and
/// already-assigned experts never get an arc.
/// </summary>
/// <remarks>
/// <para>
/// To keep the graph small at national scale, each application is first linked to a bounded set of candidates:
/// up to <c>max(6 × need, 24)</c> unconflicted in-sector experts from distinct organisations (all of them when the
/// sector has fewer), plus out-of-sector fallbacks (at least its need, up to three times its need when in-sector
/// experts are scarce). Both are chosen least loaded first, where load counts the current load and the reviews
/// already expected from earlier offers, relative to capacity, so the offers spread evenly.
/// </para>
/// <para>
/// The bounded candidates are a heuristic, so the solution is then checked against the full model: a search for
/// augmenting paths from every uncovered application, and from every out-of-sector assignment through in-sector
/// experts, to an expert with capacity left. Each path found is added to the graph and the flow solved again, until
/// there is none. An application is therefore reported uncovered only when no plan could cover it, and an
/// out-of-sector expert is proposed only when no in-sector expert could take the review instead.
/// </para>
/// Deterministic: the same request gives the same plan.
/// </remarks>
public static class ExpertAssigner
{
    private const int InSectorCandidatesPerReviewer = 6;
    private const int MinInSectorCandidates = 24;

    // An offer as an out-of-sector fallback is used far less often than an in-sector candidacy; it counts as a
    // quarter of a review when spreading the offers across experts.
    private const double FallbackOfferWeight = 0.25;

    // Beyond this many unit arcs an expert's remaining capacity shares one arc at the last marginal cost.
    private const int MaxUnitArcsPerExpert = 100;

    // Each round improves the plan; the bound only guards the time of a pathological instance.
    private const int MaxImprovementRounds = 50;

    public static AssignmentPlan Plan(AssignmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Applications);
        ArgumentNullException.ThrowIfNull(request.Experts);
        ArgumentOutOfRangeException.ThrowIfNegative(request.ReviewersPerApplication);

        var model = new Model(request);
        var candidates = model.ChooseCandidates();
        try
        {
            var solution = model.Solve(candidates);
            for (var round = 0; round < MaxImprovementRounds && model.Improve(candidates, solution) is { } improved; round++)
            {
                candidates = improved;
                solution = model.Solve(candidates);
            }
            return model.ToPlan(solution);
        }
        finally
        {
            SolverMemory.Release();
        }
    }

    /// <summary>The candidate experts of each application, with whether each covers the application's sector.</summary>
    private sealed class Candidates
    {
        public readonly int[] Start;
        public readonly List<int> Experts = [];
        public readonly List<bool> InSector = [];

        public Candidates(int applications) => Start = new int[applications + 1];

        public int Count => Experts.Count;

        public ReadOnlySpan<int> ExpertsOf(int application) =>
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Experts)[Start[application]..Start[application + 1]];

        public ReadOnlySpan<bool> InSectorOf(int application) =>
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(InSector)[Start[application]..Start[application + 1]];

        public void Add(int expert, bool inSector)
        {
            Experts.Add(expert);
            InSector.Add(inSector);
        }
    }

    private sealed record Solution(int[] Covered, List<(int Application, int Expert, bool SectorMatch)> Pairs, long[] UsedCapacity);

    private sealed class Model
    {
        private readonly AssignmentRequest _request;
        private readonly ConflictIndex _conflicts;
        private readonly int _applicationCount;
        private readonly int _expertCount;

        private readonly int[] _need;
        private readonly int[][] _alreadyAssigned;      // expert indexes known to this request
        private readonly int[][] _excluded;             // expert indexes never to propose for the application
        private readonly string?[] _sector;             // normalised; null when none
        private readonly int[] _organisation;           // expert → organisation id
        private readonly int[] _load;                   // expert → current load
        private readonly int[] _free;                   // expert → capacity left
        private readonly HashSet<string>[] _expertSectors;
        private readonly Dictionary<string, int[]> _sectorExperts;

        // Per-application scratch marks, reset by bumping the stamp.
        private readonly int[] _blockedStamp;
        private readonly int[] _organisationStamp;
        private readonly int[] _organisationCandidates;
        private readonly int[] _organisationNode;
        private readonly List<int> _scratch = [];
        private int _stamp;

        public Model(AssignmentRequest request)
        {
            _request = request;
            var applications = request.Applications;
            var experts = request.Experts;
            _applicationCount = applications.Count;
            _expertCount = experts.Count;
            _conflicts = new ConflictIndex(experts);

            var expertIndex = new Dictionary<Guid, int>(_expertCount);
            for (var e = 0; e < _expertCount; e++)
            {
                if (!expertIndex.TryAdd(experts[e].Id, e))
                    throw new ArgumentException($"Expert {experts[e].Id} appears more than once.", nameof(request));
            }

            var seenApplications = new HashSet<Guid>(_applicationCount);
            foreach (var application in applications)
            {
                if (!seenApplications.Add(application.Id))
                    throw new ArgumentException($"Application {application.Id} appears more than once.", nameof(request));
            }

            var organisationIds = new Dictionary<string, int>(StringComparer.Ordinal);
            _organisation = new int[_expertCount];
            _load = new int[_expertCount];
            _free = new int[_expertCount];
            _expertSectors = new HashSet<string>[_expertCount];
            var sectorExperts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var blankOrganisations = 0;
            for (var e = 0; e < _expertCount; e++)
            {
                var expert = experts[e];
                var affiliation = Codes.Normalise(expert.AffiliationCreditCode);
                if (affiliation.Length == 0)
                    affiliation = "\0blank-" + blankOrganisations++; // an unknown organisation counts as its own
                if (!organisationIds.TryGetValue(affiliation, out var organisation))
                    organisationIds[affiliation] = organisation = organisationIds.Count;
                _organisation[e] = organisation;

                _load[e] = Math.Max(0, request.CurrentLoad?.GetValueOrDefault(expert.Id) ?? 0);
                _free[e] = Math.Max(0, expert.Capacity - _load[e]);

                _expertSectors[e] = new HashSet<string>(StringComparer.Ordinal);
                foreach (var sector in expert.Sectors ?? new HashSet<string>())
                {
                    var key = Codes.NormaliseSector(sector);
                    if (key.Length == 0 || !_expertSectors[e].Add(key)) continue;
                    if (!sectorExperts.TryGetValue(key, out var list)) sectorExperts[key] = list = [];
                    list.Add(e);
                }
            }
            _sectorExperts = sectorExperts.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

            _need = new int[_applicationCount];
            _alreadyAssigned = new int[_applicationCount][];
            _excluded = new int[_applicationCount][];
            _sector = new string?[_applicationCount];
            for (var a = 0; a < _applicationCount; a++)
            {
                var application = applications[a];
                IReadOnlyList<Guid> assigned = request.AlreadyAssigned?.GetValueOrDefault(application.Id) ?? [];
                var distinct = assigned.Distinct().ToArray();
                _need[a] = Math.Max(0, request.ReviewersPerApplication - distinct.Length);
                _alreadyAssigned[a] = distinct.Where(expertIndex.ContainsKey).Select(id => expertIndex[id]).ToArray();
                IReadOnlyList<Guid> excluded = request.Excluded?.GetValueOrDefault(application.Id) ?? [];
                _excluded[a] = excluded.Where(expertIndex.ContainsKey).Select(id => expertIndex[id]).ToArray();
                var sector = Codes.NormaliseSector(application.SectorCode);
                _sector[a] = sector.Length == 0 ? null : sector;
            }

            _blockedStamp = new int[_expertCount];
            _organisationStamp = new int[organisationIds.Count];
            _organisationCandidates = new int[organisationIds.Count];
            _organisationNode = new int[organisationIds.Count];
        }

        /// <summary>
        /// Marks the experts this application may not have (conflicted, already assigned, or from an organisation
        /// already on it) with a fresh stamp; <see cref="IsEligible"/> then answers per expert.
        /// </summary>
        private void MarkBlocked(int application)
        {
            _stamp++;
            _scratch.Clear();
            _conflicts.AddConflicted(_request.Applications[application], _request.AvoidSameProvince, _scratch);
            foreach (var e in _scratch) _blockedStamp[e] = _stamp;
            foreach (var e in _alreadyAssigned[application])
            {
                _blockedStamp[e] = _stamp;
                _organisationStamp[_organisation[e]] = _stamp;
            }
            foreach (var e in _excluded[application])
                _blockedStamp[e] = _stamp;
        }

        private bool IsEligible(int expert) =>
            _free[expert] > 0 && _blockedStamp[expert] != _stamp && _organisationStamp[_organisation[expert]] != _stamp;

        private bool CoversSector(int expert, int application) =>
            _sector[application] is { } sector && _expertSectors[expert].Contains(sector);

        public Candidates ChooseCandidates()
        {
            // Expected reviews per expert from the offers made so far, relative to capacity, decide who is offered
            // next: each sector keeps a queue of its experts; an entry is stale once the expert's version moves on.
            var expected = new double[_expertCount];
            var version = new int[_expertCount];
            double Utilisation(int e) => (_load[e] + expected[e]) / (_load[e] + _free[e]);

            var queues = new Dictionary<string, PriorityQueue<(int Expert, int Version), (double, int)>>(StringComparer.Ordinal);
            foreach (var (sector, experts) in _sectorExperts)
            {
                var queue = queues[sector] = new PriorityQueue<(int, int), (double, int)>();
                foreach (var e in experts)
                {
                    if (_free[e] > 0) queue.Enqueue((e, 0), (Utilisation(e), e));
                }
            }

            var inSector = new int[_applicationCount][];
            var chosen = new List<int>();
            var skipped = new List<int>();
            var chosenOrganisations = new HashSet<int>();
            for (var a = 0; a < _applicationCount; a++)
            {
                inSector[a] = [];
                if (_need[a] == 0 || _sector[a] is not { } sector || !queues.TryGetValue(sector, out var queue)) continue;

                var wanted = Math.Max(InSectorCandidatesPerReviewer * _need[a], MinInSectorCandidates);
                MarkBlocked(a);
                chosen.Clear();
                skipped.Clear();
                chosenOrganisations.Clear();
                while (chosen.Count < wanted && queue.TryDequeue(out var entry, out _))
                {
                    if (entry.Version != version[entry.Expert]) continue;
                    if (IsEligible(entry.Expert) && chosenOrganisations.Add(_organisation[entry.Expert])) chosen.Add(entry.Expert);
                    else skipped.Add(entry.Expert);
                }
                foreach (var e in skipped) queue.Enqueue((e, version[e]), (Utilisation(e), e));

                chosen.Sort();
                inSector[a] = [.. chosen];
                foreach (var e in chosen)
                {
                    expected[e] += (double)_need[a] / chosen.Count;
                    version[e]++;
                    foreach (var expertSector in _expertSectors[e])
                        queues[expertSector].Enqueue((e, version[e]), (Utilisation(e), e));
                }
            }

            var fallbackQueue = new PriorityQueue<int, (double, int)>();
            var offers = new int[_expertCount];
            double FallbackKey(int e) => (_load[e] + expected[e] + offers[e] * FallbackOfferWeight) / (_load[e] + _free[e]);
            for (var e = 0; e < _expertCount; e++)
            {
                if (_free[e] > 0) fallbackQueue.Enqueue(e, (FallbackKey(e), e));
            }

            var candidates = new Candidates(_applicationCount);
            for (var a = 0; a < _applicationCount; a++)
            {
                candidates.Start[a] = candidates.Count;
                foreach (var e in inSector[a]) candidates.Add(e, inSector: true);
                var need = _need[a];
                if (need == 0) continue;

                var wanted = Math.Max(need, 3 * need - inSector[a].Length);
                MarkBlocked(a);
                skipped.Clear();
                chosen.Clear();
                chosenOrganisations.Clear();
                foreach (var e in inSector[a]) chosenOrganisations.Add(_organisation[e]);
                while (chosen.Count < wanted && fallbackQueue.TryDequeue(out var e, out _))
                {
                    if (!CoversSector(e, a) && IsEligible(e) && chosenOrganisations.Add(_organisation[e])) chosen.Add(e);
                    else skipped.Add(e);
                }
                foreach (var e in chosen) offers[e]++;
                foreach (var e in skipped) fallbackQueue.Enqueue(e, (FallbackKey(e), e));
                foreach (var e in chosen)
                {
                    fallbackQueue.Enqueue(e, (FallbackKey(e), e));
                    candidates.Add(e, inSector: false);
                }
            }
            candidates.Start[_applicationCount] = candidates.Count;
            return candidates;
        }

        /// <summary>
        /// Searches the full model (every allowed pair, not just the candidates) for paths that would improve the
        /// solution, first from the uncovered applications (more coverage), then from the applications with an
        /// out-of-sector expert through in-sector experts (better sector match): via applications whose full
        /// experts could swap to another, to an expert with capacity left. Returns the candidates with the pairs of
        /// those paths added, or null when there is none: then no plan covers more (max-flow min-cut) and no
        /// out-of-sector assignment can be exchanged for an in-sector one.
        /// </summary>
        public Candidates? Improve(Candidates candidates, Solution solution)
        {
            var served = new List<int>[_expertCount];
            var onApplication = new List<int>[_applicationCount];
            foreach (var (a, e, _) in solution.Pairs)
            {
                (served[e] ??= []).Add(a);
                (onApplication[a] ??= []).Add(e);
            }

            var uncovered = new List<(int, int)>();
            for (var a = 0; a < _applicationCount; a++)
            {
                if (solution.Covered[a] < _need[a]) uncovered.Add((a, -1));
            }
            var additions = PathsToFreeCapacity(uncovered, keepSector: false, candidates, solution, served, onApplication);

            if (additions is null)
            {
                var outOfSector = solution.Pairs.Where(p => !p.SectorMatch && _sector[p.Application] is not null)
                    .Select(p => (p.Application, _organisation[p.Expert])).ToList();
                additions = PathsToFreeCapacity(outOfSector, keepSector: true, candidates, solution, served, onApplication);
            }
            if (additions is null) return null;

            var improved = new Candidates(_applicationCount);
            for (var a = 0; a < _applicationCount; a++)
            {
                improved.Start[a] = improved.Count;
                var experts = candidates.ExpertsOf(a);
                var inSector = candidates.InSectorOf(a);
                for (var i = 0; i < experts.Length; i++) improved.Add(experts[i], inSector[i]);
                foreach (var e in additions[a] ?? []) improved.Add(e, CoversSector(e, a));
            }
            improved.Start[_applicationCount] = improved.Count;
            return improved;
        }

        /// <summary>
        /// Breadth-first search in the residual graph of the full model from <paramref name="roots"/> (an application
        /// and the organisation of the expert it gives up, or -1) to experts with capacity left. A state is an
        /// application that takes a new expert, either from an organisation not on it or from the organisation of
        /// the expert it gives up. With <paramref name="keepSector"/>, an application gives up an in-sector expert
        /// only for another in-sector one (and the roots only take in-sector experts), so each path trades an
        /// out-of-sector assignment for an in-sector one. Returns, per application, the pairs on the paths found
        /// that are not yet candidates, or null when there are none.
        /// </summary>
        private List<int>[]? PathsToFreeCapacity(List<(int Application, int GivenUpOrganisation)> roots, bool keepSector,
            Candidates candidates, Solution solution, List<int>[] served, List<int>[] onApplication)
        {
            if (roots.Count == 0) return null;

            var stateApplication = new List<int>();
            var stateParentExpert = new List<int>();
            var seenStates = new HashSet<(int, int, bool)>();
            var expertParentState = new int[_expertCount];
            Array.Fill(expertParentState, -1);
            var queue = new Queue<(int State, int GivenUpOrganisation, bool InSectorOnly)>();

            void Enter(int application, int givenUpOrganisation, bool inSectorOnly, int viaExpert)
            {
                if (!seenStates.Add((application, givenUpOrganisation, inSectorOnly))) return;
                stateApplication.Add(application);
                stateParentExpert.Add(viaExpert);
                queue.Enqueue((stateApplication.Count - 1, givenUpOrganisation, inSectorOnly));
            }

            foreach (var (application, givenUp) in roots) Enter(application, givenUp, keepSector, -1);

            var endpoints = new List<int>();
            var usedOrganisations = new HashSet<int>();
            while (queue.TryDequeue(out var item))
            {
                var application = stateApplication[item.State];
                var current = onApplication[application] ?? [];
                usedOrganisations.Clear();
                foreach (var e in current) usedOrganisations.Add(_organisation[e]);

                MarkBlocked(application);
                for (var f = 0; f < _expertCount; f++)
                {
                    if (expertParentState[f] >= 0 || !IsEligible(f) || current.Contains(f)) continue;
                    if (item.InSectorOnly && !CoversSector(f, application)) continue;
                    var organisation = _organisation[f];
                    if (usedOrganisations.Contains(organisation) && organisation != item.GivenUpOrganisation) continue;

                    expertParentState[f] = item.State;
                    if (solution.UsedCapacity[f] < _free[f])
                    {
                        endpoints.Add(f);
                        continue;
                    }
                    foreach (var next in served[f] ?? [])
                        Enter(next, organisation, keepSector && CoversSector(f, next), f);
                }
            }

            var additions = new List<int>[_applicationCount];
            var added = false;
            foreach (var endpoint in endpoints)
            {
                for (var expert = endpoint; expert >= 0;)
                {
                    var state = expertParentState[expert];
                    var application = stateApplication[state];
                    if (!candidates.ExpertsOf(application).Contains(expert) &&
                        !(additions[application]?.Contains(expert) ?? false))
                    {
                        (additions[application] ??= []).Add(expert);
                        added = true;
                    }
                    expert = stateParentExpert[state];
                }
            }
            return added ? additions : null;
        }

        public Solution Solve(Candidates candidates)
        {
            const int source = 0, sink = 1, applicationNode = 2;
            var expertNode = applicationNode + _applicationCount;
            var nextNode = expertNode + _expertCount;

            var offered = new int[_expertCount];
            foreach (var e in candidates.Experts) offered[e]++;

            // The marginal cost of an expert's k-th review (counting the current load) is k: convex, so balanced.
            // An out-of-sector pair costs more than any marginal load cost, so swapping it for an in-sector expert
            // always pays.
            var units = new int[_expertCount];
            long maxMarginal = 0;
            for (var e = 0; e < _expertCount; e++)
            {
                units[e] = Math.Min(_free[e], offered[e]);
                if (units[e] > 0)
                    maxMarginal = Math.Max(maxMarginal, _load[e] + Math.Min(units[e], MaxUnitArcsPerExpert));
            }
            var outOfSectorCost = maxMarginal + 1;

            var pairCount = candidates.Count;
            var pairApplication = new int[pairCount];
            var pairArc = new int[pairCount];
            Array.Fill(pairArc, -1);

            // OR-Tools keeps the arcs in native vectors that double when a reservation runs out: reserve exactly what
            // the loops below add (a short reservation once doubled the arcs' memory of a national call).
            var organisationNodes = 0;
            var arcCount = (long)pairCount;
            for (var a = 0; a < _applicationCount; a++)
            {
                if (Math.Min(_need[a], candidates.ExpertsOf(a).Length) == 0) continue;
                var shared = CountOrganisations(candidates.ExpertsOf(a));
                organisationNodes += shared;
                arcCount += 1 + shared;
            }
            for (var e = 0; e < _expertCount; e++)
            {
                var unitArcs = Math.Min(units[e], MaxUnitArcsPerExpert);
                arcCount += unitArcs + (units[e] > unitArcs ? 1 : 0);
            }

            using var flow = new MinCostFlow(nextNode + organisationNodes, checked((int)arcCount));
            var totalNeed = 0L;
            for (var a = 0; a < _applicationCount; a++)
            {
                var experts = candidates.ExpertsOf(a);
                var inSector = candidates.InSectorOf(a);
                var need = Math.Min(_need[a], experts.Length);
                if (need == 0) continue;
                totalNeed += need;
                flow.AddArcWithCapacityAndUnitCost(source, applicationNode + a, need, 0);

                CountOrganisations(experts);
                for (var i = 0; i < experts.Length; i++)
                {
                    var organisation = _organisation[experts[i]];
                    var from = applicationNode + a;
                    if (_organisationCandidates[organisation] > 1)
                    {
                        // Several candidates share an organisation: route them through one node of capacity 1.
                        if (_organisationNode[organisation] < 0)
                        {
                            _organisationNode[organisation] = nextNode++;
                            flow.AddArcWithCapacityAndUnitCost(from, _organisationNode[organisation], 1, 0);
                        }
                        from = _organisationNode[organisation];
                    }

                    var pair = candidates.Start[a] + i;
                    pairApplication[pair] = a;
                    pairArc[pair] = flow.AddArcWithCapacityAndUnitCost(
                        from, expertNode + experts[i], 1, inSector[i] ? 0 : outOfSectorCost);
                }
            }

            for (var e = 0; e < _expertCount; e++)
            {
                var unitArcs = Math.Min(units[e], MaxUnitArcsPerExpert);
                for (var k = 0; k < unitArcs; k++)
                    flow.AddArcWithCapacityAndUnitCost(expertNode + e, sink, 1, _load[e] + k);
                if (units[e] > unitArcs)
                    flow.AddArcWithCapacityAndUnitCost(expertNode + e, sink, units[e] - unitArcs, _load[e] + unitArcs);
            }

            System.Diagnostics.Debug.Assert(flow.NumArcs() == arcCount, $"Reserved {arcCount} arcs, added {flow.NumArcs()}.");

            var covered = new int[_applicationCount];
            var used = new long[_expertCount];
            var pairs = new List<(int, int, bool)>();
            if (totalNeed == 0) return new Solution(covered, pairs, used);

            flow.SetNodeSupply(source, totalNeed);
            flow.SetNodeSupply(sink, -totalNeed);
            var status = flow.SolveMaxFlowWithMinCost();
            if (status != MinCostFlowBase.Status.OPTIMAL)
                throw new InvalidOperationException($"The assignment flow could not be solved (OR-Tools status {status}).");

            for (var pair = 0; pair < pairCount; pair++)
            {
                if (pairArc[pair] < 0 || flow.Flow(pairArc[pair]) <= 0) continue;
                var a = pairApplication[pair];
                var e = candidates.Experts[pair];
                pairs.Add((a, e, candidates.InSector[pair]));
                covered[a]++;
                used[e]++;
            }
            return new Solution(covered, pairs, used);
        }

        /// <summary>
        /// Counts the candidates of each organisation among <paramref name="experts"/> (in
        /// <c>_organisationCandidates</c>, under a fresh stamp, with no node yet) and returns how many organisations
        /// have more than one: each gets a node of its own in the flow.
        /// </summary>
        private int CountOrganisations(ReadOnlySpan<int> experts)
        {
            _stamp++;
            var shared = 0;
            foreach (var e in experts)
            {
                var organisation = _organisation[e];
                if (_organisationStamp[organisation] != _stamp)
                {
                    _organisationStamp[organisation] = _stamp;
                    _organisationCandidates[organisation] = 0;
                    _organisationNode[organisation] = -1;
                }
                if (++_organisationCandidates[organisation] == 2) shared++;
            }
            return shared;
        }

        public AssignmentPlan ToPlan(Solution solution)
        {
            var applications = _request.Applications;
            var experts = _request.Experts;
            var assignments = solution.Pairs
                .Select(p => new ProposedAssignment(applications[p.Application].Id, experts[p.Expert].Id, p.SectorMatch))
                .ToList();

            var uncovered = new List<UncoveredApplication>();
            for (var a = 0; a < _applicationCount; a++)
            {
                if (solution.Covered[a] >= _need[a]) continue;
                uncovered.Add(new UncoveredApplication(applications[a].Id, _need[a], solution.Covered[a], ExplainUncovered(a)));
            }
            return new AssignmentPlan(assignments, uncovered);
        }

        private string ExplainUncovered(int application)
        {
            MarkBlocked(application);
            var conflicted = 0;
            for (var e = 0; e < _expertCount; e++)
            {
                if (_blockedStamp[e] == _stamp && !_alreadyAssigned[application].Contains(e)) conflicted++;
            }

            var organisations = new HashSet<int>();
            var inSectorOrganisations = new HashSet<int>();
            for (var e = 0; e < _expertCount; e++)
            {
                if (!IsEligible(e)) continue;
                organisations.Add(_organisation[e]);
                if (CoversSector(e, application)) inSectorOrganisations.Add(_organisation[e]);
            }

            var need = _need[application];
            var sectorName = _request.Applications[application].SectorCode?.Trim();
            var inSector = _sector[application] is null ? "" : $", {inSectorOrganisations.Count} of them in sector {sectorName}";
            var conflicts = conflicted == 0 ? "" : $" {conflicted} of the {_expertCount} experts are conflicted with it.";
            if (organisations.Count < need)
            {
                var experts = organisations.Count == 1 ? "expert" : "experts";
                var have = organisations.Count == 1 ? "has" : "have";
                return $"Only {organisations.Count} unconflicted {experts} from distinct organisations {have} capacity " +
                       $"left{inSector} (needs {need}).{conflicts}";
            }
            return $"Enough unconflicted experts exist ({organisations.Count} from distinct organisations{inSector}) " +
                   "but their capacity is taken by other applications.";
        }
    }
}
