using System.Text;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Workflows;

public class DefaultWorkflowTests
{
    public static TheoryData<string> Keys => new(TestCatalog.DefaultKeys);
    public static TheoryData<string> AllKeys => new(TestCatalog.AllKeys());

    [Fact]
    public void The_workflows_folder_holds_the_five_programme_definitions()
    {
        Assert.Superset(TestCatalog.DefaultKeys.ToHashSet(), TestCatalog.AllKeys().ToHashSet());
    }

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void Every_definition_file_parses_validates_without_errors_and_compiles(string key)
    {
        var json = TestCatalog.ReadDefinition(key);

        var (definition, parseErrors) = WorkflowLoader.Parse(json);
        Assert.Empty(parseErrors);
        Assert.NotNull(definition);
        Assert.Empty(WorkflowValidator.Validate(definition, TestCatalog.Create()));

        var compiled = WorkflowLoader.LoadAndCompile(json, TestCatalog.Create());
        Assert.Equal(key, compiled.Key);
        Assert.Equal(WorkflowLoader.ContentHash(json), compiled.ContentHash);
    }

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void Every_definition_file_is_UTF8_without_a_byte_order_mark(string key)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestCatalog.WorkflowsFolder, key + ".json"));

        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], $"{key}.json starts with a UTF-8 byte order mark");
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void Every_state_and_transition_has_a_Chinese_and_an_English_title(string key)
    {
        var definition = TestCatalog.Compile(key).Definition;

        Assert.All(definition.States, s => Assert.True(s.Title is { Zh.Length: > 0, En.Length: > 0 }, s.Name));
        Assert.All(definition.Transitions, t => Assert.True(t.Title is { Zh.Length: > 0, En.Length: > 0 }, t.Trigger));
    }

    [Theory]
    [InlineData("demonstration-benchmark", "trimmed-mean", 3, 5, true)]
    [InlineData("solution-supplier", "median", 3, 5, false)]
    [InlineData("innovation-centre", "mean", 5, 7, false)]
    [InlineData("security-centre", "mean", 5, 7, true)]
    [InlineData("regional-security-benchmark", "mean", 5, 7, true)]
    public void Each_programme_has_its_review_settings_and_a_seven_day_notice(
        string key, string aggregation, int minReviewers, int maxReviewers, bool avoidSameProvince)
    {
        var definition = TestCatalog.Compile(key);

        var review = Assert.IsType<ReviewDefinition>(definition.Review());
        Assert.Equal(aggregation, review.Aggregation);
        Assert.Equal(minReviewers, review.MinReviewers);
        Assert.Equal(maxReviewers, review.MaxReviewers);
        Assert.Equal(avoidSameProvince, review.AvoidSameProvince);
        Assert.Equal(100m, review.Criteria.Sum(c => c.Weight));
        Assert.All(review.Criteria, c =>
        {
            Assert.Equal(100m, c.Max);
            Assert.False(string.IsNullOrWhiteSpace(c.Title?.Zh));
            Assert.False(string.IsNullOrWhiteSpace(c.Title?.En));
        });
        Assert.Equal(7, definition.Notice()?.Days);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_submitting_transition_carries_the_implied_organisation_verified_guard_and_no_other_does(string key)
    {
        // The shipped files predate verification and do not name the guard: the host implies it (ADR 0030).
        Assert.DoesNotContain("organisation-verified", TestCatalog.ReadDefinition(key));
        var workflow = TestCatalog.Compile(key);

        foreach (var t in workflow.Transitions)
        {
            var submits = t.Effects.Any(e => e.Name == "record-submission");
            Assert.Equal(submits, t.Guards.Any(g => g.Name == OrganisationVerifiedGuard.GuardName));
        }
        Assert.Contains(workflow.Transitions, t => t.Trigger == "submit" && t.Guards.Any(g => g.Name == OrganisationVerifiedGuard.GuardName));
    }

    [Fact]
    public void A_definition_naming_the_implied_guard_carries_it_once()
    {
        var json = TestCatalog.ReadDefinition("demonstration-benchmark")
            .Replace("""{ "name": "call-open" },""", """{ "name": "call-open" }, { "name": "organisation-verified" },""");
        Assert.Contains("organisation-verified", json);

        var submit = WorkflowLoader.LoadAndCompile(json, TestCatalog.Create()).Transitions.Single(t => t.Trigger == "submit");

        Assert.Single(submit.Guards, g => g.Name == OrganisationVerifiedGuard.GuardName);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Only_the_centre_programmes_inspect_on_site_between_expert_review_and_deliberation(string key)
    {
        var workflow = TestCatalog.Compile(key);
        var reviewsIn = Assert.Single(workflow.TransitionsFrom("ExpertReview"), t => t.Auto);

        if (TestCatalog.CentreKeys.Contains(key))
        {
            Assert.Equal("SiteInspection", reviewsIn.To);
            Assert.Equal("现场考察", workflow.State("SiteInspection").Title?.Zh);
            Assert.Equal(["Deliberation", "Draft", "Rejected", "Withdrawn"], workflow.TransitionsFrom("SiteInspection").Select(t => t.To).Order(StringComparer.Ordinal));
        }
        else
        {
            Assert.Equal("Deliberation", reviewsIn.To);
            Assert.False(workflow.HasState("SiteInspection"));
        }
    }

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void The_workflow_documentation_embeds_the_current_diagram_of_every_definition(string key)
    {
        var docs = File.ReadAllText(Path.Combine(TestCatalog.RepositoryRoot(), "docs", "workflows.md")).ReplaceLineEndings("\n");
        var diagram = TestCatalog.Compile(key).ToMermaid().ReplaceLineEndings("\n").TrimEnd();

        Assert.True(docs.Contains($"```mermaid\n{diagram}\n```", StringComparison.Ordinal),
            $"docs/workflows.md does not hold the current diagram of {key}.json; paste CompiledWorkflow.ToMermaid()'s output:\n{diagram}");
    }
}
