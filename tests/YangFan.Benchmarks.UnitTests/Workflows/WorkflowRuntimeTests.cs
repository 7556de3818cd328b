using System.Text.Json.Nodes;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Workflows;

/// <summary>The compiled default workflows driven the way the API drives them: decide, then fire.</summary>
public class WorkflowRuntimeTests
{
    public static TheoryData<string> Keys => new(TestCatalog.DefaultKeys);
    public static TheoryData<string> CentreKeys => new(TestCatalog.CentreKeys);

    /// <summary>Guards by name; a guard not listed holds.</summary>
    private sealed class FakeGuards(params (string Name, bool Holds)[] values)
    {
        private readonly Dictionary<string, bool> _values = values.ToDictionary(v => v.Name, v => v.Holds);

        public bool this[string name] { set => _values[name] = value; }

        public ValueTask<bool> Evaluate(CompiledGuard guard, CancellationToken ct) =>
            ValueTask.FromResult(_values.GetValueOrDefault(guard.Name, true));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Happy_path_runs_from_draft_to_published_and_a_published_entry_can_be_revoked(string key)
    {
        var workflow = TestCatalog.Compile(key);
        var guards = new FakeGuards(("reviews-complete", false));
        var state = workflow.Initial;

        async Task Step(string trigger, string role, string expected, bool comment = false)
        {
            var decision = await workflow.DecideAsync(state, trigger, role, comment, guards.Evaluate);
            Assert.True(decision.IsPermitted, $"{trigger} from {state} as {role}: {decision.Outcome}");
            state = workflow.Fire(state, decision.Transition!);
            Assert.Equal(expected, state);
        }

        Assert.Equal("Draft", state);
        await Step("submit", "Applicant", "Submitted");
        await Step("recommend", "Recommender", "FormalCheck", comment: true);
        await Step("accept", "Admin", "ExpertReview");

        // Waiting for reviews: nothing moves on by itself, and the overdue timer fires as System without leaving.
        Assert.Null(await workflow.FindAutomaticAsync(state, guards.Evaluate));
        await Step("review-overdue", WorkflowContract.SystemRole, "ExpertReview");

        guards["reviews-complete"] = true;
        var auto = await workflow.FindAutomaticAsync(state, guards.Evaluate);
        Assert.NotNull(auto);
        Assert.Equal("reviews-in", auto.Trigger);
        state = workflow.Fire(state, auto);

        if (TestCatalog.CentreKeys.Contains(key))
        {
            Assert.Equal("SiteInspection", state);
            await Step("inspection-passed", "Admin", "Deliberation");
        }
        Assert.Equal("Deliberation", state);
        await Step("shortlist", "Admin", "Shortlisted");
        // To the engine these are Admin transitions like any other; the API fires release, publish and revoke only
        // from their own endpoints (dedicated triggers, ADR 0011).
        await Step("release", "Admin", "PublicNotice");
        await Step("notice-ends", WorkflowContract.SystemRole, "Approved");
        await Step("publish", "Admin", "Published");
        await Step("revoke", "Admin", "Revoked", comment: true);
        Assert.True(workflow.State(state).Terminal);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Effects_carry_their_arguments_bound_to_the_registered_types(string key)
    {
        var workflow = TestCatalog.Compile(key);

        var submit = (await workflow.DecideAsync("Draft", "submit", "Applicant", false, new FakeGuards().Evaluate)).Transition!;
        var accept = (await workflow.DecideAsync("FormalCheck", "accept", "Admin", false, new FakeGuards().Evaluate)).Transition!;

        var notify = Assert.Single(submit.Effects, e => e.Name == "notify");
        Assert.Equal("Recommender", Assert.IsType<NotifyArgs>(notify.Arguments).Role);
        var startRound = Assert.Single(accept.Effects);
        Assert.Equal("start-review-round", startRound.Name);
        Assert.Null(startRound.Arguments);
        Assert.Equal("The call for applications is open.", Assert.Single(submit.Guards, g => g.Name == "call-open").Description);
    }

    [Theory]
    [MemberData(nameof(CentreKeys))]
    public async Task Centre_site_inspection_can_fail_with_a_comment_only(string key)
    {
        var workflow = TestCatalog.Compile(key);
        var guards = new FakeGuards();

        var withoutComment = await workflow.DecideAsync("SiteInspection", "inspection-failed", "Admin", false, guards.Evaluate);
        var withComment = await workflow.DecideAsync("SiteInspection", "inspection-failed", "Admin", true, guards.Evaluate);
        var byApplicant = await workflow.DecideAsync("SiteInspection", "inspection-passed", "Applicant", false, guards.Evaluate);

        Assert.Equal(DecisionOutcome.CommentRequired, withoutComment.Outcome);
        Assert.Equal("Rejected", workflow.Fire("SiteInspection", withComment.Transition!));
        Assert.Equal(DecisionOutcome.RoleNotAllowed, byApplicant.Outcome);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_trigger_that_does_not_leave_the_current_state_is_not_available(string key)
    {
        var workflow = TestCatalog.Compile(key);

        var decision = await workflow.DecideAsync("Draft", "accept", "Admin", false, new FakeGuards().Evaluate);

        Assert.Equal(DecisionOutcome.NotAvailable, decision.Outcome);
        Assert.Null(decision.Transition);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task An_applicant_cannot_accept_their_own_application(string key)
    {
        var workflow = TestCatalog.Compile(key);

        var decision = await workflow.DecideAsync("FormalCheck", "accept", "Applicant", false, new FakeGuards().Evaluate);

        Assert.Equal(DecisionOutcome.RoleNotAllowed, decision.Outcome);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Nobody_but_the_engine_fires_an_automatic_transition(string key)
    {
        var workflow = TestCatalog.Compile(key);
        var guards = new FakeGuards();

        var byAdmin = await workflow.DecideAsync("ExpertReview", "reviews-in", "Admin", false, guards.Evaluate);
        var bySystem = await workflow.DecideAsync("ExpertReview", "reviews-in", WorkflowContract.SystemRole, false, guards.Evaluate);

        Assert.Equal(DecisionOutcome.RoleNotAllowed, byAdmin.Outcome);
        Assert.True(bySystem.IsPermitted);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Submitting_after_the_call_closed_lists_the_unmet_guard(string key)
    {
        var workflow = TestCatalog.Compile(key);

        var decision = await workflow.DecideAsync("Draft", "submit", "Applicant", false, new FakeGuards(("call-open", false)).Evaluate);

        Assert.Equal(DecisionOutcome.GuardsUnmet, decision.Outcome);
        var unmet = Assert.Single(decision.UnmetGuards);
        Assert.Equal("call-open", unmet.Name);
        Assert.Equal("The call for applications is open.", unmet.Description);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_recommender_outside_the_applicants_province_can_neither_recommend_nor_decline(string key)
    {
        var workflow = TestCatalog.Compile(key);
        var guards = new FakeGuards(("recommender-covers-applicant", false));

        var recommend = await workflow.DecideAsync("Submitted", "recommend", "Recommender", false, guards.Evaluate);
        var decline = await workflow.DecideAsync("Submitted", "decline", "Recommender", true, guards.Evaluate);

        Assert.Equal(["recommender-covers-applicant"], recommend.UnmetGuards.Select(g => g.Name));
        Assert.Equal(DecisionOutcome.GuardsUnmet, decline.Outcome);
    }

    [Theory]
    [InlineData("return", "FormalCheck")]
    [InlineData("return", "ExpertReview")]
    [InlineData("return", "Deliberation")]
    [InlineData("mark-ineligible", "FormalCheck")]
    [InlineData("decline", "Submitted")]
    [InlineData("reject", "Deliberation")]
    [InlineData("sustain-objection", "PublicNotice")]
    [InlineData("revoke", "Published")]
    public async Task Decisions_against_the_applicant_require_a_comment(string trigger, string from)
    {
        foreach (var key in TestCatalog.DefaultKeys)
        {
            var workflow = TestCatalog.Compile(key);
            var role = trigger == "decline" ? "Recommender" : "Admin";

            var without = await workflow.DecideAsync(from, trigger, role, false, new FakeGuards().Evaluate);
            var with = await workflow.DecideAsync(from, trigger, role, true, new FakeGuards().Evaluate);

            Assert.Equal(DecisionOutcome.CommentRequired, without.Outcome);
            Assert.NotNull(without.Transition);
            Assert.True(with.IsPermitted, $"{key}: {trigger} with a comment");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task The_applicant_may_withdraw_until_a_decision_is_released_but_not_after(string key)
    {
        var workflow = TestCatalog.Compile(key);
        var guards = new FakeGuards();
        string[] beforeDecision = TestCatalog.CentreKeys.Contains(key)
            ? ["Draft", "Submitted", "FormalCheck", "ExpertReview", "SiteInspection", "Deliberation", "Shortlisted", "RejectionStaged"]
            : ["Draft", "Submitted", "FormalCheck", "ExpertReview", "Deliberation", "Shortlisted", "RejectionStaged"];

        foreach (var state in beforeDecision)
        {
            var decision = await workflow.DecideAsync(state, "withdraw", "Applicant", false, guards.Evaluate);
            Assert.True(decision.IsPermitted, state);
            Assert.Equal("Withdrawn", workflow.Fire(state, decision.Transition!));
        }
        // A staged decision is invisible to the applicant, who still sees Deliberation; once released it is final.
        foreach (var state in new[] { "PublicNotice", "Approved", "Published" })
            Assert.Equal(DecisionOutcome.NotAvailable, (await workflow.DecideAsync(state, "withdraw", "Applicant", false, guards.Evaluate)).Outcome);
    }

    [Theory]
    [InlineData("demonstration-benchmark", "FormalCheck")]
    [InlineData("demonstration-benchmark", "ExpertReview")]
    [InlineData("demonstration-benchmark", "Deliberation")]
    [InlineData("solution-supplier", "FormalCheck")]
    [InlineData("solution-supplier", "Deliberation")]
    [InlineData("innovation-centre", "SiteInspection")]
    [InlineData("security-centre", "FormalCheck")]
    [InlineData("security-centre", "ExpertReview")]
    [InlineData("security-centre", "SiteInspection")]
    [InlineData("security-centre", "Deliberation")]
    public async Task A_returned_application_is_resubmitted_and_reenters_expert_review(string key, string returnedFrom)
    {
        var workflow = TestCatalog.Compile(key);
        var guards = new FakeGuards();
        var state = returnedFrom;

        async Task<CompiledTransition> Fire(string trigger, string role, bool comment = false)
        {
            var decision = await workflow.DecideAsync(state, trigger, role, comment, guards.Evaluate);
            Assert.True(decision.IsPermitted, $"{trigger} from {state}: {decision.Outcome}");
            state = workflow.Fire(state, decision.Transition!);
            return decision.Transition!;
        }

        await Fire("return", "Admin", comment: true);
        Assert.Equal("Draft", state);
        await Fire("submit", "Applicant");
        Assert.Equal("Submitted", state);
        await Fire("recommend", "Recommender", comment: true);
        Assert.Equal("FormalCheck", state);
        Assert.Equal(DecisionOutcome.CommentRequired, (await workflow.DecideAsync(state, "return", "Admin", false, guards.Evaluate)).Outcome);
        var accept = await Fire("accept", "Admin");
        Assert.Equal("ExpertReview", state);
        // The host opens a fresh review round on every acceptance, so old reviews cannot complete the new round.
        Assert.Contains(accept.Effects, e => e.Name == "start-review-round");
    }

    [Fact]
    public async Task Actions_list_what_a_role_may_fire_with_the_unmet_guards_of_the_disabled_ones()
    {
        var workflow = TestCatalog.Compile("demonstration-benchmark");
        var guards = new FakeGuards(("call-open", false));

        var applicant = await workflow.ActionsAsync("Draft", "Applicant", guards.Evaluate);
        var admin = await workflow.ActionsAsync("FormalCheck", "Admin", guards.Evaluate);
        var expert = await workflow.ActionsAsync("ExpertReview", "Expert", guards.Evaluate);

        var submit = Assert.Single(applicant, a => a.Trigger == "submit");
        Assert.False(submit.Enabled);
        Assert.Equal(["call-open"], submit.UnmetGuards.Select(g => g.Name));
        Assert.Equal("Submitted", submit.To);
        var withdraw = Assert.Single(applicant, a => a.Trigger == "withdraw");
        Assert.True(withdraw.Enabled);
        Assert.Empty(withdraw.UnmetGuards);
        Assert.Equal(2, applicant.Count);

        Assert.Equal(["accept", "mark-ineligible", "return"], admin.Select(a => a.Trigger).Order(StringComparer.Ordinal));
        Assert.All(admin, a => Assert.True(a.Enabled));
        Assert.True(Assert.Single(admin, a => a.Trigger == "return").RequiresComment);
        Assert.Equal("退回修改", Assert.Single(admin, a => a.Trigger == "return").Title?.Zh);

        // Experts review through the review API; the automatic reviews-in is never offered as a button.
        Assert.Empty(expert);
    }

    [Fact]
    public void Timers_fall_due_after_a_duration_at_a_host_date_plus_an_offset_and_when_the_notice_ends()
    {
        var workflow = TestCatalog.Compile("demonstration-benchmark");
        var entered = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(8));
        var callClosesAt = new DateTimeOffset(2026, 4, 30, 17, 0, 0, TimeSpan.FromHours(8));
        DateTimeOffset? Anchors(string name) => WorkflowContract.Anchors(workflow, entered, callClosesAt)(name);

        Assert.Equal(entered.AddDays(21), workflow.TimerDue("ExpertReview", entered, Anchors));
        Assert.Equal(callClosesAt.AddDays(30), workflow.TimerDue("Submitted", entered, Anchors));
        Assert.Equal(entered.AddDays(7), workflow.TimerDue("PublicNotice", entered, Anchors));
        Assert.Null(workflow.TimerDue("Deliberation", entered, Anchors));
        Assert.Null(workflow.TimerDue("Submitted", entered, _ => null));
    }

    [Fact]
    public async Task Timer_triggers_are_fired_as_System_and_by_nobody_else()
    {
        var workflow = TestCatalog.Compile("security-centre");
        var guards = new FakeGuards();

        foreach (var state in workflow.Definition.States.Where(s => s.Timer is not null))
        {
            var trigger = state.Timer!.Trigger;
            Assert.True((await workflow.DecideAsync(state.Name, trigger, WorkflowContract.SystemRole, false, guards.Evaluate)).IsPermitted, trigger);
            Assert.Equal(DecisionOutcome.RoleNotAllowed, (await workflow.DecideAsync(state.Name, trigger, "Admin", false, guards.Evaluate)).Outcome);
        }

        var lapsed = await workflow.DecideAsync("Submitted", "recommendation-lapsed", WorkflowContract.SystemRole, false, guards.Evaluate);
        Assert.Equal("Declined", workflow.Fire("Submitted", lapsed.Transition!));
    }

    [Fact]
    public async Task Firing_from_many_threads_at_once_never_mixes_up_two_instances()
    {
        var workflow = TestCatalog.Compile("security-centre");
        var guards = new FakeGuards();
        var shortlist = (await workflow.DecideAsync("Deliberation", "shortlist", "Admin", false, guards.Evaluate)).Transition!;
        var passed = (await workflow.DecideAsync("SiteInspection", "inspection-passed", "Admin", false, guards.Evaluate)).Transition!;
        var results = new string[10_000];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) },
            i => results[i] = i % 2 == 0 ? workflow.Fire("Deliberation", shortlist) : workflow.Fire("SiteInspection", passed));

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(i % 2 == 0 ? "Shortlisted" : "Deliberation", results[i]);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Diagrams_show_every_state_and_the_guard_names_on_the_edges(string key)
    {
        var workflow = TestCatalog.Compile(key);

        var mermaid = workflow.ToMermaid();
        var dot = workflow.ToDot();

        Assert.StartsWith("stateDiagram-v2", mermaid);
        Assert.Contains("Draft --> Submitted : submit [call-open", mermaid);
        Assert.Contains("reviews-complete (auto)", mermaid);
        Assert.StartsWith("digraph", dot);
        Assert.Contains("\"Draft\" -> \"Submitted\" [style=\"solid\", label=\"submit [call-open", dot);
        Assert.All(workflow.Definition.States, s =>
        {
            Assert.Contains(s.Name, mermaid);
            Assert.Contains($"\"{s.Name}\"", dot);
        });
        Assert.All(workflow.Transitions.SelectMany(t => t.Guards), g =>
        {
            Assert.Contains(g.Name, mermaid);
            Assert.Contains(g.Name, dot);
        });
    }

    [Fact]
    public void Content_hash_ignores_formatting_but_not_content()
    {
        var json = TestCatalog.ReadDefinition("demonstration-benchmark");
        var node = JsonNode.Parse(json)!;
        var compact = node.ToJsonString();
        node["notice"]!["days"] = 6;
        var changed = node.ToJsonString();

        Assert.Equal(WorkflowLoader.ContentHash(json), WorkflowLoader.ContentHash(compact));
        Assert.Equal(WorkflowLoader.ContentHash(json), WorkflowLoader.ContentHash(json.Replace("\n", "\r\n").Replace("  ", "\t")));
        Assert.NotEqual(WorkflowLoader.ContentHash(json), WorkflowLoader.ContentHash(changed));
        Assert.Matches("^[0-9a-f]{64}$", WorkflowLoader.ContentHash(json));
    }

    [Fact]
    public void The_cache_compiles_once_per_key_version_and_content()
    {
        var cache = new WorkflowCache(TestCatalog.Create());
        var json = TestCatalog.ReadDefinition("solution-supplier");
        var hash = WorkflowLoader.ContentHash(json);
        var reads = 0;
        string Read()
        {
            Interlocked.Increment(ref reads);
            return json;
        }

        var compiled = Enumerable.Range(0, 64).AsParallel().Select(_ => cache.Get("solution-supplier", 1, hash, Read)).ToList();

        Assert.Equal(1, reads);
        Assert.All(compiled, c => Assert.Same(compiled[0], c));

        var edited = JsonNode.Parse(json)!;
        edited["notice"]!["days"] = 5;
        var other = cache.Get("solution-supplier", 1, WorkflowLoader.ContentHash(edited.ToJsonString()), () => edited.ToJsonString());
        Assert.NotSame(compiled[0], other);
        Assert.Equal(5, other.Notice()?.Days);
        Assert.Same(compiled[0], cache.Get("solution-supplier", 1, hash, Read));
        Assert.Equal(1, reads);
    }
}
