using YangFan.Benchmarks.Domain.Review;

namespace YangFan.Benchmarks.UnitTests.Review;

public class ConflictRulesTests
{
    private const string Applicant = "914403001922038216";
    private const string Partner = "9144030071526726XG";
    private const string Recommender = "11440000006940125A";
    private const string Unrelated = "91110000100000000A";
    private const string OtherUnrelated = "91310000100000000B";

    private static ExpertFacts Expert(string affiliation = Unrelated, string province = "11",
        IEnumerable<string>? declared = null) =>
        new(Guid.NewGuid(), affiliation, province, new HashSet<string> { "smart-ports" }, 10,
            (declared ?? []).ToHashSet());

    private static ApplicationFacts Application(string applicant = Applicant, string province = "44",
        IEnumerable<string>? partners = null, string? recommender = Recommender) =>
        new(Guid.NewGuid(), applicant, province, "smart-ports", (partners ?? [Partner]).ToHashSet(), recommender);

    private static ConflictRule[] Rules(ExpertFacts expert, ApplicationFacts application, bool avoidSameProvince = false) =>
        ConflictRules.Find(expert, application, avoidSameProvince).Select(c => c.Rule).ToArray();

    [Fact]
    public void An_unrelated_expert_from_another_province_has_no_conflict()
    {
        Assert.Empty(ConflictRules.Find(Expert(), Application(), avoidSameProvince: true));
    }

    [Fact]
    public void Expert_cannot_review_an_application_from_their_own_organisation()
    {
        var conflicts = ConflictRules.Find(Expert(affiliation: Applicant), Application(), false);

        var conflict = Assert.Single(conflicts);
        Assert.Equal(ConflictRule.OwnOrganisation, conflict.Rule);
        Assert.Equal("The expert works for the applicant organisation.", conflict.Reason);
    }

    [Fact]
    public void Expert_from_another_organisation_is_not_in_conflict_with_the_applicant()
    {
        Assert.DoesNotContain(ConflictRule.OwnOrganisation, Rules(Expert(affiliation: OtherUnrelated), Application()));
    }

    [Fact]
    public void Expert_cannot_review_an_application_naming_their_organisation_as_a_partner()
    {
        var conflict = Assert.Single(ConflictRules.Find(Expert(affiliation: Partner), Application(), false));

        Assert.Equal(ConflictRule.Partner, conflict.Rule);
        Assert.Contains(Partner, conflict.Reason);
    }

    [Fact]
    public void Expert_whose_organisation_is_not_a_partner_has_no_partner_conflict()
    {
        Assert.DoesNotContain(ConflictRule.Partner,
            Rules(Expert(affiliation: OtherUnrelated), Application(partners: [Partner, Unrelated + "X"])));
    }

    [Fact]
    public void A_declared_conflict_with_the_applicant_applies()
    {
        var conflict = Assert.Single(ConflictRules.Find(Expert(declared: [Applicant]), Application(), false));

        Assert.Equal(ConflictRule.DeclaredConflict, conflict.Rule);
        Assert.Contains("declared", conflict.Reason);
    }

    [Fact]
    public void A_declared_conflict_with_a_partner_applies()
    {
        Assert.Equal([ConflictRule.DeclaredConflict], Rules(Expert(declared: [Partner]), Application()));
    }

    [Fact]
    public void A_declared_conflict_with_another_organisation_does_not_apply()
    {
        Assert.Empty(Rules(Expert(declared: [OtherUnrelated]), Application()));
    }

    [Fact]
    public void Same_province_is_a_conflict_only_when_the_review_avoids_it()
    {
        var expert = Expert(province: "44");
        var application = Application(province: "44");

        var conflict = Assert.Single(ConflictRules.Find(expert, application, avoidSameProvince: true));
        Assert.Equal(ConflictRule.SameProvince, conflict.Rule);
        Assert.Contains("44", conflict.Reason);
        Assert.Empty(ConflictRules.Find(expert, application, avoidSameProvince: false));
    }

    [Fact]
    public void Another_province_is_not_a_conflict_even_when_the_review_avoids_the_same_province()
    {
        Assert.Empty(Rules(Expert(province: "31"), Application(province: "44"), avoidSameProvince: true));
    }

    [Fact]
    public void Expert_cannot_review_an_application_their_organisation_recommended()
    {
        var conflict = Assert.Single(ConflictRules.Find(Expert(affiliation: Recommender), Application(), false));

        Assert.Equal(ConflictRule.RecommendingBody, conflict.Rule);
        Assert.Equal("The expert works for the body that recommended the application.", conflict.Reason);
    }

    [Fact]
    public void Without_a_recommender_there_is_no_recommending_body_conflict()
    {
        Assert.Empty(Rules(Expert(affiliation: Recommender), Application(recommender: null)));
        Assert.Empty(Rules(Expert(affiliation: Recommender), Application(recommender: "  ")));
    }

    [Fact]
    public void Every_rule_that_applies_is_reported()
    {
        var expert = Expert(affiliation: Applicant, province: "44", declared: [Partner]);
        var application = Application(partners: [Partner, Applicant], recommender: Applicant);

        Assert.Equal(
            [ConflictRule.OwnOrganisation, ConflictRule.Partner, ConflictRule.DeclaredConflict,
             ConflictRule.SameProvince, ConflictRule.RecommendingBody],
            Rules(expert, application, avoidSameProvince: true));
    }

    [Theory]
    [InlineData(" 914403001922038216 ")]
    [InlineData("914403001922038216\t")]
    [InlineData("9144030071526726xg")]
    [InlineData("  9144030071526726Xg ")]
    public void Codes_compare_case_insensitively_after_trimming(string variant)
    {
        var canonical = variant.Trim().ToUpperInvariant();
        var application = Application(applicant: Applicant, partners: [Partner], recommender: Recommender);

        // The variant on the expert's side, for each rule that compares codes.
        var byAffiliation = Rules(Expert(affiliation: variant), application);
        Assert.Contains(canonical == Applicant ? ConflictRule.OwnOrganisation : ConflictRule.Partner, byAffiliation);
        Assert.Contains(ConflictRule.DeclaredConflict, Rules(Expert(declared: [variant]), application));

        // The variant on the application's side.
        var padded = Application(applicant: variant, partners: [variant.ToLowerInvariant()], recommender: variant);
        Assert.Contains(ConflictRule.RecommendingBody, Rules(Expert(affiliation: canonical), padded));
        Assert.Contains(ConflictRule.DeclaredConflict, Rules(Expert(declared: [canonical]), padded));
    }

    [Fact]
    public void Province_codes_compare_after_trimming()
    {
        Assert.Equal([ConflictRule.SameProvince], Rules(Expert(province: " 44"), Application(province: "44 "), true));
    }

    [Fact]
    public void Blank_codes_never_match()
    {
        var expert = Expert(affiliation: " ", province: "", declared: [""]);
        var application = Application(applicant: "", province: " ", partners: [" "], recommender: "");

        Assert.Empty(ConflictRules.Find(expert, application, avoidSameProvince: true));
    }

    [Fact]
    public void The_conflict_index_agrees_with_the_rules_on_a_random_sample()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var request = RandomInstances.Create(seed);
            var index = new ConflictIndex(request.Experts);
            Assert.Same(request.Experts, index.Experts);

            foreach (var avoidSameProvince in new[] { false, true })
            {
                foreach (var application in request.Applications)
                {
                    var expected = Enumerable.Range(0, request.Experts.Count)
                        .Where(e => ConflictRules.Find(request.Experts[e], application, avoidSameProvince).Count > 0)
                        .ToHashSet();

                    var actual = index.Conflicted(application, avoidSameProvince);

                    Assert.True(expected.SetEquals(actual),
                        $"seed {seed}, application {application.Id}: expected [{string.Join(",", expected.Order())}], " +
                        $"got [{string.Join(",", actual.Order())}]");
                }
            }
        }
    }

    [Fact]
    public void The_conflict_index_finds_each_rule()
    {
        var experts = new[]
        {
            Expert(affiliation: Applicant.ToLowerInvariant()),   // 0 own organisation
            Expert(affiliation: " " + Partner),                 // 1 partner
            Expert(declared: [Applicant]),                      // 2 declared
            Expert(province: "44"),                             // 3 same province
            Expert(affiliation: Recommender),                   // 4 recommending body
            Expert(),                                           // 5 none
        };
        var index = new ConflictIndex(experts);

        Assert.Equal([0, 1, 2, 3, 4], index.Conflicted(Application(), avoidSameProvince: true).Order());
        Assert.Equal([0, 1, 2, 4], index.Conflicted(Application(), avoidSameProvince: false).Order());
    }

    [Fact]
    public void A_declaration_with_the_applicant_or_a_partner_touches_the_application_however_the_code_is_written()
    {
        Assert.True(ConflictRules.DeclaredWith(" " + Applicant.ToLowerInvariant(), Application()));
        Assert.True(ConflictRules.DeclaredWith(Partner, Application()));
        Assert.Equal(ConflictRules.DeclaredWith(Partner, Application()),
            Rules(Expert(declared: [Partner]), Application()).Contains(ConflictRule.DeclaredConflict));
    }

    [Fact]
    public void A_declaration_with_an_unrelated_or_blank_code_touches_nothing()
    {
        Assert.False(ConflictRules.DeclaredWith(Unrelated, Application()));
        Assert.False(ConflictRules.DeclaredWith(Recommender, Application()));
        Assert.False(ConflictRules.DeclaredWith("  ", Application(applicant: "", partners: [""])));
    }
}
