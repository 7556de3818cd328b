namespace YangFan.Benchmarks.Domain.Review;

/// <summary>
/// The experts of a call indexed by affiliation, declared conflict and province, so that the conflicts of many
/// applications are found by a few dictionary look-ups each instead of comparing every application with every
/// expert. Gives the same answer as <see cref="ConflictRules.Find"/> for each pair.
/// </summary>
public sealed class ConflictIndex
{
    private readonly Dictionary<string, int[]> _byAffiliation;
    private readonly Dictionary<string, int[]> _byDeclaredConflict;
    private readonly Dictionary<string, int[]> _byProvince;

    public ConflictIndex(IReadOnlyList<ExpertFacts> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        Experts = experts;

        var byAffiliation = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byDeclared = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byProvince = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < experts.Count; i++)
        {
            var expert = experts[i];
            Add(byAffiliation, Codes.Normalise(expert.AffiliationCreditCode), i);
            Add(byProvince, Codes.Normalise(expert.ProvinceCode), i);
            foreach (var code in Codes.NormaliseAll(expert.DeclaredConflictCodes))
                Add(byDeclared, code, i);
        }

        _byAffiliation = Freeze(byAffiliation);
        _byDeclaredConflict = Freeze(byDeclared);
        _byProvince = Freeze(byProvince);
    }

    public IReadOnlyList<ExpertFacts> Experts { get; }

    /// <summary>Indexes (into <see cref="Experts"/>) of the experts conflicted with this application.</summary>
    public IReadOnlySet<int> Conflicted(ApplicationFacts application, bool avoidSameProvince)
    {
        var result = new HashSet<int>();
        AddConflicted(application, avoidSameProvince, result);
        return result;
    }

    /// <summary>Adds the conflicted experts' indexes to <paramref name="into"/> (a list may receive duplicates).</summary>
    internal void AddConflicted(ApplicationFacts application, bool avoidSameProvince, ICollection<int> into)
    {
        ArgumentNullException.ThrowIfNull(application);

        var applicant = Codes.Normalise(application.ApplicantCreditCode);
        AddAll(_byAffiliation, applicant, into);
        AddAll(_byDeclaredConflict, applicant, into);
        AddAll(_byAffiliation, Codes.Normalise(application.RecommenderCreditCode), into);

        if (application.PartnerCreditCodes is { } partners)
        {
            foreach (var partner in partners)
            {
                var code = Codes.Normalise(partner);
                AddAll(_byAffiliation, code, into);
                AddAll(_byDeclaredConflict, code, into);
            }
        }

        if (avoidSameProvince)
            AddAll(_byProvince, Codes.Normalise(application.ApplicantProvinceCode), into);
    }

    private static void AddAll(Dictionary<string, int[]> index, string code, ICollection<int> into)
    {
        if (code.Length == 0 || !index.TryGetValue(code, out var experts)) return;
        foreach (var expert in experts) into.Add(expert);
    }

    private static void Add(Dictionary<string, List<int>> index, string code, int expert)
    {
        if (code.Length == 0) return;
        if (!index.TryGetValue(code, out var list)) index[code] = list = [];
        list.Add(expert);
    }

    private static Dictionary<string, int[]> Freeze(Dictionary<string, List<int>> index) =>
        index.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
