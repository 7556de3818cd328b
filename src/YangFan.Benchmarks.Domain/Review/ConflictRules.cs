namespace YangFan.Benchmarks.Domain.Review;

/// <summary>What the conflict rules and the assigner need to know about an expert.</summary>
/// <param name="Id">The expert's id.</param>
/// <param name="AffiliationCreditCode">The credit code of the organisation the expert works for.</param>
/// <param name="ProvinceCode">The GB/T 2260 province code (two digits) the expert is based in.</param>
/// <param name="Sectors">The sector keys the expert is qualified for, e.g. "smart-ports".</param>
/// <param name="Capacity">The most assignments the expert accepts in one call.</param>
/// <param name="DeclaredConflictCodes">Credit codes of organisations the expert must not review.</param>
public sealed record ExpertFacts(
    Guid Id,
    string AffiliationCreditCode,
    string ProvinceCode,
    IReadOnlySet<string> Sectors,
    int Capacity,
    IReadOnlySet<string> DeclaredConflictCodes);

/// <summary>What the conflict rules and the assigner need to know about an application.</summary>
/// <param name="Id">The application's id.</param>
/// <param name="ApplicantCreditCode">The credit code of the applicant (the lead applicant of a consortium).</param>
/// <param name="ApplicantProvinceCode">The GB/T 2260 province code of the applicant.</param>
/// <param name="SectorCode">The key sector of the application, or null when the programme has none.</param>
/// <param name="PartnerCreditCodes">Credit codes of the partners (consortium members) named in the application.</param>
/// <param name="RecommenderCreditCode">The credit code of the body that recommended the application, if any.</param>
public sealed record ApplicationFacts(
    Guid Id,
    string ApplicantCreditCode,
    string ApplicantProvinceCode,
    string? SectorCode,
    IReadOnlySet<string> PartnerCreditCodes,
    string? RecommenderCreditCode);

/// <summary>The reasons an expert may not review an application.</summary>
public enum ConflictRule
{
    /// <summary>The expert works for the applicant.</summary>
    OwnOrganisation,

    /// <summary>The expert works for a partner named in the application.</summary>
    Partner,

    /// <summary>The expert declared a conflict with the applicant or a partner.</summary>
    DeclaredConflict,

    /// <summary>The expert is from the applicant's province and the review avoids that.</summary>
    SameProvince,

    /// <summary>The expert works for the body that recommended the application.</summary>
    RecommendingBody,
}

/// <summary>One rule that keeps an expert from an application, with an English sentence that names it.</summary>
public sealed record Conflict(ConflictRule Rule, string Reason);

/// <summary>
/// The conflict-of-interest rules for one expert and one application. Conflicts are a security boundary: every
/// assignment, manual or automatic, is checked against them. <see cref="ConflictIndex"/> applies the same rules to
/// many applications at once.
/// </summary>
public static class ConflictRules
{
    /// <summary>Every rule that applies; empty when the expert may review the application.</summary>
    /// <param name="expert">The expert.</param>
    /// <param name="application">The application.</param>
    /// <param name="avoidSameProvince">The workflow review block's <c>avoidSameProvince</c>.</param>
    public static IReadOnlyList<Conflict> Find(ExpertFacts expert, ApplicationFacts application, bool avoidSameProvince)
    {
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(application);

        var conflicts = new List<Conflict>();
        var affiliation = Codes.Normalise(expert.AffiliationCreditCode);
        var applicant = Codes.Normalise(application.ApplicantCreditCode);
        var partners = Codes.NormaliseAll(application.PartnerCreditCodes);

        if (Codes.Matches(affiliation, applicant))
            conflicts.Add(new Conflict(ConflictRule.OwnOrganisation, "The expert works for the applicant organisation."));

        if (affiliation.Length > 0 && partners.Contains(affiliation))
            conflicts.Add(new Conflict(ConflictRule.Partner,
                $"The expert works for {affiliation}, a partner named in the application."));

        var declared = Codes.NormaliseAll(expert.DeclaredConflictCodes);
        var declaredHits = new List<string>();
        if (declared.Contains(applicant)) declaredHits.Add($"the applicant {applicant}");
        declaredHits.AddRange(partners.Where(declared.Contains).Order(StringComparer.Ordinal)
            .Select(p => $"the partner {p}"));
        if (declaredHits.Count > 0)
            conflicts.Add(new Conflict(ConflictRule.DeclaredConflict,
                $"The expert declared a conflict of interest with {string.Join(" and ", declaredHits)}."));

        if (avoidSameProvince)
        {
            var province = Codes.Normalise(application.ApplicantProvinceCode);
            if (Codes.Matches(Codes.Normalise(expert.ProvinceCode), province))
                conflicts.Add(new Conflict(ConflictRule.SameProvince,
                    $"The expert is from the applicant's province ({province}) and this review avoids same-province experts."));
        }

        if (Codes.Matches(affiliation, Codes.Normalise(application.RecommenderCreditCode)))
            conflicts.Add(new Conflict(ConflictRule.RecommendingBody,
                "The expert works for the body that recommended the application."));

        return conflicts;
    }

    /// <summary>
    /// Whether a declared conflict with <paramref name="creditCode"/> keeps an expert from the application: the code is
    /// the applicant's or a partner's. Used to find the assignments that a conflict declared after assignment ends.
    /// </summary>
    public static bool DeclaredWith(string creditCode, ApplicationFacts application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var code = Codes.Normalise(creditCode);
        return Codes.Matches(code, Codes.Normalise(application.ApplicantCreditCode))
            || (code.Length > 0 && Codes.NormaliseAll(application.PartnerCreditCodes).Contains(code));
    }
}

/// <summary>How codes (credit codes, province codes) are compared: trimmed, upper-cased, ordinal; blank never matches.</summary>
internal static class Codes
{
    public static string Normalise(string? code)
    {
        if (string.IsNullOrEmpty(code)) return string.Empty;
        // Most codes arrive already normalised; return them without allocating.
        var clean = !char.IsWhiteSpace(code[0]) && !char.IsWhiteSpace(code[^1]);
        if (clean)
        {
            foreach (var c in code)
            {
                if (char.IsLower(c)) { clean = false; break; }
            }
        }
        return clean ? code : code.Trim().ToUpperInvariant();
    }

    public static bool Matches(string normalisedA, string normalisedB) =>
        normalisedA.Length > 0 && string.Equals(normalisedA, normalisedB, StringComparison.Ordinal);

    public static HashSet<string> NormaliseAll(IEnumerable<string>? codes)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (codes is null) return set;
        foreach (var code in codes)
        {
            var normalised = Normalise(code);
            if (normalised.Length > 0) set.Add(normalised);
        }
        return set;
    }

    /// <summary>Sector keys compare case-insensitively after trimming, like codes.</summary>
    public static string NormaliseSector(string? sector) => Normalise(sector);
}
