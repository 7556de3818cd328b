using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// The programme-specific part of an application. Drafts may be incomplete: the default rules check shape
/// (types, lengths, ranges, codes); the <c>submit</c> rule set adds what must be present before submission.
/// </summary>
public static class ApplicationContent
{
    public const string SubmitRules = "submit";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>Whether the programme has an application form; a call can only be made for one that has.</summary>
    public static bool Defines(string programme) => TryFor(programme) is not null;

    /// <summary>The content type and validator of each programme.</summary>
    public static (Type Type, IValidator Validator) For(string programme) =>
        TryFor(programme) ?? throw new InvalidOperationException($"No application content is defined for programme '{programme}'.");

    // Built once: a FluentValidation validator compiles its property accessors and regular expressions in its
    // constructor (a third of a submit's own work when it was built per call) and is thread-safe once built.
    private static readonly Dictionary<string, (Type Type, IValidator Validator)> Programmes = new()
    {
        ["demonstration-benchmark"] = (typeof(DemonstrationBenchmarkContent), new DemonstrationBenchmarkValidator()),
        ["solution-supplier"] = (typeof(SolutionSupplierContent), new SolutionSupplierValidator()),
        ["innovation-centre"] = (typeof(InnovationCentreContent), new InnovationCentreValidator()),
        ["security-centre"] = (typeof(SecurityCentreContent), new SecurityCentreValidator()),
        ["regional-security-benchmark"] = (typeof(RegionalSecurityBenchmarkContent), new RegionalSecurityBenchmarkValidator()),
    };

    private static (Type Type, IValidator Validator)? TryFor(string programme) =>
        Programmes.TryGetValue(programme, out var found) ? found : null;

    /// <summary>Reads content JSON as the programme's type; a JSON error says where it broke.</summary>
    public static IApplicationContent Read(string programme, string json)
    {
        var (type, _) = For(programme);
        return (IApplicationContent)(JsonSerializer.Deserialize(json, type, Json) ?? Activator.CreateInstance(type)!);
    }

    /// <summary>Field errors ("content.projectTitle" → messages); with <paramref name="complete"/>, also what is missing.</summary>
    public static async Task<IReadOnlyList<FluentValidation.Results.ValidationFailure>> CheckAsync(
        string programme, IApplicationContent content, bool complete, CancellationToken ct)
    {
        var (_, validator) = For(programme);
        var context = ValidationContext<object>.CreateWithOptions(content, o =>
        {
            if (complete) o.IncludeRuleSets("default", SubmitRules);
        });
        var result = await validator.ValidateAsync(context, ct);
        return result.Errors;
    }
}

/// <summary>Anything a programme's content has in common: the name it is listed under.</summary>
public interface IApplicationContent
{
    string? ListingTitle { get; }
}

public enum NetworkMode { PublicNetwork, VirtualPrivateNetwork, DedicatedNetwork }

public enum PartnerRole { Operator, EquipmentVendor, SolutionProvider, Other }

public enum SolutionMaturity { Pilot, Commercial, LargeScale }

public enum SecurityCapability
{
    SecurityTesting, Certification, SituationalAwareness, CommercialCryptography, ZeroTrust, DataSecurity, Other,
}

/// <summary>A measurable outcome: the value before and after, e.g. production efficiency +30 %.</summary>
public sealed record Outcome(string? Metric, string? Unit, decimal? Baseline, decimal? Result);

/// <summary>A partner of a project (operator, equipment vendor), with its credit code when known.</summary>
public sealed record Partner(PartnerRole? Role, string? Name, string? CreditCode);

/// <summary>5G 示范应用标杆: a 5G application project in one key sector.</summary>
public sealed record DemonstrationBenchmarkContent(
    string? ProjectTitle, string? Scenario, string? DeploymentProvinceCode, NetworkMode? NetworkMode, bool? NetworkSlicing,
    bool? EdgeComputing, int? TerminalCount, decimal? InvestmentTenThousandYuan, DateOnly? StartDate,
    IReadOnlyList<Outcome>? Outcomes, IReadOnlyList<Partner>? Partners) : IApplicationContent
{
    [JsonIgnore] public string? ListingTitle => ProjectTitle;
}

/// <summary>A deployed case of a solution.</summary>
public sealed record DeployedCase(string? Customer, string? SectorCode, string? ProvinceCode, int? Year);

/// <summary>5G 应用解决方案供应商: a supplier's solution with its deployed cases.</summary>
public sealed record SolutionSupplierContent(
    string? SolutionName, IReadOnlyList<string>? SectorsServed, string? Description, SolutionMaturity? Maturity,
    IReadOnlyList<DeployedCase>? DeployedCases, IReadOnlyList<string>? Standards) : IApplicationContent
{
    [JsonIgnore] public string? ListingTitle => SolutionName;
}

/// <summary>5G 融合应用创新中心: an innovation centre run by a lead organisation with partners.</summary>
public sealed record InnovationCentreContent(
    string? CentreName, string? LeadOrganisation, IReadOnlyList<string>? PartnerCreditCodes, IReadOnlyList<string>? FocusAreas,
    string? Facilities, int? Staff, decimal? AnnualBudgetTenThousandYuan) : IApplicationContent
{
    [JsonIgnore] public string? ListingTitle => CentreName;
}

/// <summary>A laboratory and its accreditation (e.g. CNAS).</summary>
public sealed record Laboratory(string? Name, string? Accreditation);

/// <summary>5G 应用安全创新示范中心: a security innovation demonstration centre.</summary>
public sealed record SecurityCentreContent(
    string? CentreName, string? ProvinceCode, IReadOnlyList<SecurityCapability>? Capabilities,
    IReadOnlyList<Laboratory>? Laboratories, int? Staff, IReadOnlyList<string>? PlannedServices) : IApplicationContent
{
    [JsonIgnore] public string? ListingTitle => CentreName;
}

/// <summary>
/// 5G 应用安全区域示范标杆: a region (one or more provinces) whose authorities and operators have built 5G application
/// security into their key sectors, led by one organisation.
/// </summary>
public sealed record RegionalSecurityBenchmarkContent(
    string? RegionName, IReadOnlyList<string>? ProvinceCodes, string? LeadOrganisation, IReadOnlyList<SecurityCapability>? Capabilities,
    IReadOnlyList<string>? SectorsCovered, int? EnterprisesServed, IReadOnlyList<string>? Measures,
    decimal? InvestmentTenThousandYuan) : IApplicationContent
{
    [JsonIgnore] public string? ListingTitle => RegionName;
}

internal static class ContentRules
{
    public static readonly DateOnly EarliestStart = new(2015, 1, 1);

    public static IRuleBuilderOptions<T, string?> CreditCodeIfGiven<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(code => code is null || CreditCode.IsValid(CreditCode.Normalise(code)))
            .WithMessage("Must be a valid Unified Social Credit Code.");

    public static IRuleBuilderOptions<T, string?> ProvinceCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^[1-8][0-9]$").WithMessage("Must be a two-digit GB/T 2260 province code.");

    public static IRuleBuilderOptions<T, string?> SectorCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^[a-z][a-z-]{1,63}$").WithMessage("Must be a sector code from GET /api/sectors.");
}

public sealed class DemonstrationBenchmarkValidator : AbstractValidator<DemonstrationBenchmarkContent>
{
    public DemonstrationBenchmarkValidator()
    {
        RuleFor(c => c.ProjectTitle).MaximumLength(200);
        RuleFor(c => c.Scenario).MaximumLength(4000);
        RuleFor(c => c.DeploymentProvinceCode).ProvinceCode();
        RuleFor(c => c.NetworkMode).IsInEnum();
        RuleFor(c => c.TerminalCount).InclusiveBetween(0, 100_000_000);
        RuleFor(c => c.InvestmentTenThousandYuan).InclusiveBetween(0, 100_000_000);
        RuleFor(c => c.StartDate).GreaterThanOrEqualTo(ContentRules.EarliestStart);
        RuleFor(c => c.Outcomes).Must(o => o is null || o.Count <= 20).WithMessage("At most 20 outcomes.");
        RuleForEach(c => c.Outcomes).ChildRules(o =>
        {
            o.RuleFor(x => x.Metric).NotEmpty().MaximumLength(100);
            o.RuleFor(x => x.Unit).MaximumLength(20);
            o.RuleFor(x => x.Baseline).NotNull();
            o.RuleFor(x => x.Result).NotNull();
        });
        RuleFor(c => c.Partners).Must(p => p is null || p.Count <= 20).WithMessage("At most 20 partners.");
        RuleForEach(c => c.Partners).ChildRules(p =>
        {
            p.RuleFor(x => x.Role).NotNull().IsInEnum();
            p.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            p.RuleFor(x => x.CreditCode).CreditCodeIfGiven();
        });

        RuleSet(ApplicationContent.SubmitRules, () =>
        {
            RuleFor(c => c.ProjectTitle).NotEmpty();
            RuleFor(c => c.Scenario).NotEmpty().MinimumLength(20);
            RuleFor(c => c.DeploymentProvinceCode).NotEmpty();
            RuleFor(c => c.NetworkMode).NotNull();
            RuleFor(c => c.NetworkSlicing).NotNull();
            RuleFor(c => c.EdgeComputing).NotNull();
            RuleFor(c => c.TerminalCount).NotNull();
            RuleFor(c => c.InvestmentTenThousandYuan).NotNull();
            RuleFor(c => c.StartDate).NotNull();
            RuleFor(c => c.Outcomes).NotEmpty().WithMessage("At least one measurable outcome is required.");
        });
    }
}

public sealed class SolutionSupplierValidator : AbstractValidator<SolutionSupplierContent>
{
    public SolutionSupplierValidator()
    {
        RuleFor(c => c.SolutionName).MaximumLength(200);
        RuleFor(c => c.SectorsServed).Must(s => s is null || (s.Count <= 3 && s.Distinct().Count() == s.Count))
            .WithMessage("One to three different sectors.");
        RuleForEach(c => c.SectorsServed).SectorCode();
        RuleFor(c => c.Description).MaximumLength(4000);
        RuleFor(c => c.Maturity).IsInEnum();
        RuleFor(c => c.DeployedCases).Must(d => d is null || d.Count <= 50).WithMessage("At most 50 cases.");
        RuleForEach(c => c.DeployedCases).ChildRules(d =>
        {
            d.RuleFor(x => x.Customer).NotEmpty().MaximumLength(200);
            d.RuleFor(x => x.SectorCode).NotEmpty().SectorCode();
            d.RuleFor(x => x.ProvinceCode).NotEmpty().ProvinceCode();
            d.RuleFor(x => x.Year).NotNull().InclusiveBetween(2019, 2100);
        });
        RuleFor(c => c.Standards).Must(s => s is null || s.Count <= 30).WithMessage("At most 30 standards.");
        RuleForEach(c => c.Standards).NotEmpty().MaximumLength(100);

        RuleSet(ApplicationContent.SubmitRules, () =>
        {
            RuleFor(c => c.SolutionName).NotEmpty();
            RuleFor(c => c.SectorsServed).NotEmpty();
            RuleFor(c => c.Description).NotEmpty().MinimumLength(20);
            RuleFor(c => c.Maturity).NotNull();
            RuleFor(c => c.DeployedCases).NotEmpty().WithMessage("At least one deployed case is required.");
        });
    }
}

public sealed class InnovationCentreValidator : AbstractValidator<InnovationCentreContent>
{
    public InnovationCentreValidator()
    {
        RuleFor(c => c.CentreName).MaximumLength(200);
        RuleFor(c => c.LeadOrganisation).MaximumLength(200);
        RuleFor(c => c.PartnerCreditCodes).Must(p => p is null || p.Count <= 50).WithMessage("At most 50 partners.");
        RuleForEach(c => c.PartnerCreditCodes).CreditCodeIfGiven();
        RuleFor(c => c.FocusAreas).Must(f => f is null || f.Count <= 20).WithMessage("At most 20 focus areas.");
        RuleForEach(c => c.FocusAreas).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Facilities).MaximumLength(4000);
        RuleFor(c => c.Staff).InclusiveBetween(0, 1_000_000);
        RuleFor(c => c.AnnualBudgetTenThousandYuan).InclusiveBetween(0, 100_000_000);

        RuleSet(ApplicationContent.SubmitRules, () =>
        {
            RuleFor(c => c.CentreName).NotEmpty();
            RuleFor(c => c.LeadOrganisation).NotEmpty();
            RuleFor(c => c.FocusAreas).NotEmpty();
            RuleFor(c => c.Facilities).NotEmpty();
            RuleFor(c => c.Staff).NotNull();
            RuleFor(c => c.AnnualBudgetTenThousandYuan).NotNull();
        });
    }
}

public sealed class SecurityCentreValidator : AbstractValidator<SecurityCentreContent>
{
    public SecurityCentreValidator()
    {
        RuleFor(c => c.CentreName).MaximumLength(200);
        RuleFor(c => c.ProvinceCode).ProvinceCode();
        RuleFor(c => c.Capabilities).Must(c => c is null || c.Distinct().Count() == c.Count).WithMessage("Capabilities must not repeat.");
        RuleForEach(c => c.Capabilities).IsInEnum();
        RuleFor(c => c.Laboratories).Must(l => l is null || l.Count <= 30).WithMessage("At most 30 laboratories.");
        RuleForEach(c => c.Laboratories).ChildRules(l =>
        {
            l.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            l.RuleFor(x => x.Accreditation).MaximumLength(100);
        });
        RuleFor(c => c.Staff).InclusiveBetween(0, 1_000_000);
        RuleFor(c => c.PlannedServices).Must(s => s is null || s.Count <= 30).WithMessage("At most 30 services.");
        RuleForEach(c => c.PlannedServices).NotEmpty().MaximumLength(200);

        RuleSet(ApplicationContent.SubmitRules, () =>
        {
            RuleFor(c => c.CentreName).NotEmpty();
            RuleFor(c => c.ProvinceCode).NotEmpty();
            RuleFor(c => c.Capabilities).NotEmpty();
            RuleFor(c => c.Staff).NotNull();
            RuleFor(c => c.PlannedServices).NotEmpty();
        });
    }
}

public sealed class RegionalSecurityBenchmarkValidator : AbstractValidator<RegionalSecurityBenchmarkContent>
{
    public RegionalSecurityBenchmarkValidator()
    {
        RuleFor(c => c.RegionName).MaximumLength(200);
        RuleFor(c => c.ProvinceCodes).Must(p => p is null || (p.Count <= 10 && p.Distinct().Count() == p.Count))
            .WithMessage("At most 10 different provinces.");
        RuleForEach(c => c.ProvinceCodes).NotEmpty().ProvinceCode();
        RuleFor(c => c.LeadOrganisation).MaximumLength(200);
        RuleFor(c => c.Capabilities).Must(c => c is null || c.Distinct().Count() == c.Count).WithMessage("Capabilities must not repeat.");
        RuleForEach(c => c.Capabilities).IsInEnum();
        RuleFor(c => c.SectorsCovered).Must(s => s is null || (s.Count <= 20 && s.Distinct().Count() == s.Count))
            .WithMessage("At most 20 different sectors.");
        RuleForEach(c => c.SectorsCovered).NotEmpty().SectorCode();
        RuleFor(c => c.EnterprisesServed).InclusiveBetween(0, 10_000_000);
        RuleFor(c => c.Measures).Must(m => m is null || m.Count <= 30).WithMessage("At most 30 measures.");
        RuleForEach(c => c.Measures).NotEmpty().MaximumLength(500);
        RuleFor(c => c.InvestmentTenThousandYuan).InclusiveBetween(0, 100_000_000);

        RuleSet(ApplicationContent.SubmitRules, () =>
        {
            RuleFor(c => c.RegionName).NotEmpty();
            RuleFor(c => c.ProvinceCodes).NotEmpty();
            RuleFor(c => c.LeadOrganisation).NotEmpty();
            RuleFor(c => c.Capabilities).NotEmpty();
            RuleFor(c => c.SectorsCovered).NotEmpty();
            RuleFor(c => c.EnterprisesServed).NotNull();
            RuleFor(c => c.Measures).NotEmpty().WithMessage("At least one security measure is required.");
        });
    }
}
