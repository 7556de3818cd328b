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
public sealed record AssignmentRequest(
    IReadOnlyList<ApplicationFacts> Applications,
    IReadOnlyList<ExpertFacts> Experts,
    int ReviewersPerApplication,
    bool AvoidSameProvince,
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> AlreadyAssigned,
    IReadOnlyDictionary<Guid, int> CurrentLoad);

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
/// Out-of-sector pairs cost more than any load difference, so sector expertise is always preferred. Conflicted
/// pairs and already-assigned experts have no arc at all.
/// </summary>
/// <remarks>
/// To keep the graph small, an application is linked to every unconflicted in-sector expert plus a bounded number
/// of out-of-sector ones: at least its need, and up to three times its need when in-sector experts are scarce,
/// chosen least loaded first. If that leaves an application uncovered while experts it may have still have free
/// capacity, those experts are added and the flow is solved once more, so "capacity taken" is an honest reason.
/// Deterministic: the same request gives the same plan.
/// </remarks>
public static class ExpertAssigner
{
    // An offer as an out-of-sector fallback is used far less often than an in-sector candidacy; it counts as a
    // quarter of a review when spreading the offers across experts.
    private const double FallbackOfferWeight = 0.25;

    // Beyond this many unit arcs an expert's remaining capacity shares one arc at the last marginal cost.
    private const int MaxUnitArcsPerExpert = 100;

    public static AssignmentPlan Plan(AssignmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Applications);
        ArgumentNullException.ThrowIfNull(request.Experts);
        ArgumentOutOfRangeException.ThrowIfNegative(request.ReviewersPerApplication);

        var model = new Model(request);
        var candidates = model.ChooseCandidates();
        var solution = model.Solve(candidates);

        var widened = model.WidenForUncovered(candidates, solution);
        if (widened is not null)
            solution = model.Solve(widened);

        return model.ToPlan(solution);
    }

    /// <summary>The candidate experts of each application: in-sector first, then out-of-sector fallbacks.</summary>
    private sealed class Candidates(int applications)
    {
        public readonly int[] Start = new int[applications + 1];
        public readonly int[] InSectorCount = new int[applications];
        public readonly List<int> Experts = [];

        public ReadOnlySpan<int> Of(int application) =>
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Experts)[Start[application]..Start[application + 1]];
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
        private readonly string?[] _sector;             // normalised; null or empty when none
        private readonly int[] _organisation;           // expert → organisation id
        private readonly int _organisationCount;
        private readonly int[] _load;                   // expert → current load
        private readonly int[] _free;                   // expert → capacity left
        private readonly HashSet<string>[] _expertSectors;
        private readonly Dictionary<string, int[]> _sectorExperts;

        // Per-application scratch marks, reset by bumping the stamp.
        private readonly int[] _blockedStamp;
        private readonly int[] _organisationStamp;
        private readonly int[] _organisationCount2;
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
                    affiliation = "\0blank-" + blankOrganisations++; // unknown organisation: counts as its own
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
            _organisationCount = organisationIds.Count;
            _sectorExperts = sectorExperts.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

            _need = new int[_applicationCount];
            _alreadyAssigned = new int[_applicationCount][];
            _sector = new string?[_applicationCount];
            for (var a = 0; a < _applicationCount; a++)
            {
                var application = applications[a];
                IReadOnlyList<Guid> assigned = request.AlreadyAssigned?.GetValueOrDefault(application.Id) ?? [];
                var distinct = assigned.Distinct().ToArray();
                _need[a] = Math.Max(0, request.ReviewersPerApplication - distinct.Length);
                _alreadyAssigned[a] = distinct.Where(expertIndex.ContainsKey).Select(id => expertIndex[id]).ToArray();
                var sector = Codes.NormaliseSector(application.SectorCode);
                _sector[a] = sector.Length == 0 ? null : sector;
            }

            _blockedStamp = new int[_expertCount];
            _organisationStamp = new int[_organisationCount];
            _organisationCount2 = new int[_organisationCount];
            _organisationNode = new int[_organisationCount];
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
        }

        private bool IsEligible(int expert) =>
            _free[expert] > 0 && _blockedStamp[expert] != _stamp && _organisationStamp[_organisation[expert]] != _stamp;

        public Candidates ChooseCandidates()
        {
            // In-sector candidates first; they also estimate how much in-sector work each expert will get, so that
            // out-of-sector fallbacks go to the experts with the most room.
            var inSector = new List<int>[_applicationCount];
            var pressure = new double[_expertCount];
            for (var a = 0; a < _applicationCount; a++)
            {
                var list = inSector[a] = [];
                if (_need[a] == 0 || _sector[a] is not { } sector) continue;
                if (!_sectorExperts.TryGetValue(sector, out var sectorExperts)) continue;
                MarkBlocked(a);
                foreach (var e in sectorExperts)
                {
                    if (IsEligible(e)) list.Add(e);
                }
                foreach (var e in list) pressure[e] += (double)_need[a] / list.Count;
            }

            var queue = new PriorityQueue<int, (double Load, int Index)>();
            var offers = new int[_expertCount];
            for (var e = 0; e < _expertCount; e++)
            {
                if (_free[e] > 0) queue.Enqueue(e, (_load[e] + pressure[e], e));
            }

            var candidates = new Candidates(_applicationCount);
            var skipped = new List<int>();
            var chosen = new List<int>();
            var chosenOrganisations = new HashSet<int>();
            for (var a = 0; a < _applicationCount; a++)
            {
                candidates.Start[a] = candidates.Experts.Count;
                candidates.Experts.AddRange(inSector[a]);
                candidates.InSectorCount[a] = inSector[a].Count;
                var need = _need[a];
                if (need == 0) continue;

                var wanted = Math.Max(need, 3 * need - inSector[a].Count);
                MarkBlocked(a);
                skipped.Clear();
                chosen.Clear();
                chosenOrganisations.Clear();
                while (chosen.Count < wanted && queue.TryDequeue(out var e, out _))
                {
                    var outOfSector = _sector[a] is not { } sector || !_expertSectors[e].Contains(sector);
                    if (outOfSector && IsEligible(e) && chosenOrganisations.Add(_organisation[e])) chosen.Add(e);
                    else skipped.Add(e);
                }
                foreach (var e in skipped) queue.Enqueue(e, (_load[e] + pressure[e] + offers[e] * FallbackOfferWeight, e));
                foreach (var e in chosen)
                {
                    offers[e]++;
                    queue.Enqueue(e, (_load[e] + pressure[e] + offers[e] * FallbackOfferWeight, e));
                }
                candidates.Experts.AddRange(chosen);
            }
            candidates.Start[_applicationCount] = candidates.Experts.Count;
            return candidates;
        }

        /// <summary>
        /// For each application the first solve left uncovered, adds every eligible expert who still had free
        /// capacity after it. Returns null when that adds nothing, so no second solve is needed.
        /// </summary>
        public Candidates? WidenForUncovered(Candidates candidates, Solution solution)
        {
            var widened = new Candidates(_applicationCount);
            var added = false;
            var present = new HashSet<int>();
            for (var a = 0; a < _applicationCount; a++)
            {
                var current = candidates.Of(a);
                widened.Start[a] = widened.Experts.Count;
                widened.InSectorCount[a] = candidates.InSectorCount[a];
                foreach (var e in current) widened.Experts.Add(e);
                if (solution.Covered[a] >= _need[a]) continue;

                present.Clear();
                foreach (var e in current) present.Add(e);
                MarkBlocked(a);
                for (var e = 0; e < _expertCount; e++)
                {
                    if (IsEligible(e) && solution.UsedCapacity[e] < _free[e] && !present.Contains(e))
                    {
                        widened.Experts.Add(e);
                        added = true;
                    }
                }
            }
            widened.Start[_applicationCount] = widened.Experts.Count;
            return added ? widened : null;
        }

        public Solution Solve(Candidates candidates)
        {
            var applicationNode = 2;
            var expertNode = applicationNode + _applicationCount;
            var nextNode = expertNode + _expertCount;

            var offered = new int[_expertCount];
            foreach (var e in candidates.Experts) offered[e]++;

            // Marginal cost of an expert's k-th review (counting the current load) is k: convex, so balanced.
            // An out-of-sector pair costs more than any difference in marginal load cost, so it is never chosen
            // where an in-sector expert could take the review instead.
            var units = new int[_expertCount];
            long maxMarginal = 0;
            for (var e = 0; e < _expertCount; e++)
            {
                units[e] = Math.Min(_free[e], offered[e]);
                if (units[e] > 0)
                    maxMarginal = Math.Max(maxMarginal, _load[e] + Math.Min(units[e], MaxUnitArcsPerExpert));
            }
            var outOfSectorCost = maxMarginal + 1;

            var pairCount = candidates.Experts.Count;
            var pairApplication = new int[pairCount];
            var pairExpert = new int[pairCount];
            var pairArc = new int[pairCount];
            var pairInSector = new bool[pairCount];

            using var flow = new MinCostFlow(nextNode + _applicationCount, pairCount + _applicationCount * 2 + _expertCount * 4);
            var totalNeed = 0L;
            var pair = 0;
            for (var a = 0; a < _applicationCount; a++)
            {
                var experts = candidates.Of(a);
                if (_need[a] == 0 || experts.IsEmpty) continue;
                var need = Math.Min(_need[a], experts.Length);
                totalNeed += need;
                flow.AddArcWithCapacityAndUnitCost(0, applicationNode + a, need, 0);

                _stamp++;
                foreach (var e in experts)
                {
                    var organisation = _organisation[e];
                    if (_organisationStamp[organisation] != _stamp)
                    {
                        _organisationStamp[organisation] = _stamp;
                        _organisationCount2[organisation] = 0;
                        _organisationNode[organisation] = -1;
                    }
                    _organisationCount2[organisation]++;
                }

                for (var i = 0; i < experts.Length; i++)
                {
                    var e = experts[i];
                    var inSector = i < candidates.InSectorCount[a];
                    var organisation = _organisation[e];
                    int from;
                    if (_organisationCount2[organisation] == 1)
                    {
                        from = applicationNode + a;
                    }
                    else
                    {
                        // Several candidates share an organisation: route them through one node of capacity 1.
                        if (_organisationNode[organisation] < 0)
                        {
                            _organisationNode[organisation] = nextNode++;
                            flow.AddArcWithCapacityAndUnitCost(applicationNode + a, _organisationNode[organisation], 1, 0);
                        }
                        from = _organisationNode[organisation];
                    }

                    pairApplication[pair] = a;
                    pairExpert[pair] = e;
                    pairInSector[pair] = inSector;
                    pairArc[pair] = flow.AddArcWithCapacityAndUnitCost(from, expertNode + e, 1, inSector ? 0 : outOfSectorCost);
                    pair++;
                }
            }

            for (var e = 0; e < _expertCount; e++)
            {
                var unitArcs = Math.Min(units[e], MaxUnitArcsPerExpert);
                for (var k = 0; k < unitArcs; k++)
                    flow.AddArcWithCapacityAndUnitCost(expertNode + e, 1, 1, _load[e] + k);
                if (units[e] > unitArcs)
                    flow.AddArcWithCapacityAndUnitCost(expertNode + e, 1, units[e] - unitArcs, _load[e] + unitArcs);
            }

            var covered = new int[_applicationCount];
            var used = new long[_expertCount];
            var pairs = new List<(int, int, bool)>();
            if (totalNeed == 0) return new Solution(covered, pairs, used);

            flow.SetNodeSupply(0, totalNeed);
            flow.SetNodeSupply(1, -totalNeed);
            var status = flow.SolveMaxFlowWithMinCost();
            if (status != MinCostFlowBase.Status.OPTIMAL)
                throw new InvalidOperationException($"The assignment flow could not be solved (OR-Tools status {status}).");

            for (var p = 0; p < pair; p++)
            {
                if (flow.Flow(pairArc[p]) <= 0) continue;
                pairs.Add((pairApplication[p], pairExpert[p], pairInSector[p]));
                covered[pairApplication[p]]++;
                used[pairExpert[p]]++;
            }
            return new Solution(covered, pairs, used);
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

            var sector = _sector[application];
            var organisations = new HashSet<int>();
            var inSectorOrganisations = new HashSet<int>();
            for (var e = 0; e < _expertCount; e++)
            {
                if (!IsEligible(e)) continue;
                organisations.Add(_organisation[e]);
                if (sector is not null && _expertSectors[e].Contains(sector)) inSectorOrganisations.Add(_organisation[e]);
            }

            var need = _need[application];
            var sectorName = _request.Applications[application].SectorCode?.Trim();
            var inSector = sector is null ? "" : $", {inSectorOrganisations.Count} of them in sector {sectorName}";
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
