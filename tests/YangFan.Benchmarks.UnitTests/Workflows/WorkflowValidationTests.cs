using System.Text.Json.Nodes;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Workflows;

/// <summary>
/// One failing example per validation rule. Each starts from <see cref="Valid"/>, which has no errors, changes one
/// thing, and expects exactly the errors that one change causes, by JSON path.
/// </summary>
public class WorkflowValidationTests
{
    // states:      0 Draft, 1 Review, 2 Decision, 3 Notice, 4 Approved, 5 Rejected
    // transitions: 0 submit, 1 withdraw, 2 reviews-in, 3 overdue, 4 approve, 5 reject, 6 lapse, 7 notice-ends
    private const string Valid = """
        {
          "key": "mini",
          "version": 1,
          "title": { "zh": "小流程", "en": "Mini" },
          "initial": "Draft",
          "states": [
            { "name": "Draft", "tags": ["editable"] },
            { "name": "Review", "tags": ["collects-reviews"], "timer": { "after": "P7D", "trigger": "overdue" } },
            { "name": "Decision", "timer": { "at": "callClosesAt", "offset": "P30D", "trigger": "lapse" } },
            { "name": "Notice", "tags": ["in-notice", "holds-target-slot"], "timer": { "at": "noticeEnds", "trigger": "notice-ends" } },
            { "name": "Approved", "tags": ["approved", "published", "holds-target-slot"], "terminal": true },
            { "name": "Rejected", "terminal": true }
          ],
          "transitions": [
            { "trigger": "submit", "from": "Draft", "to": "Review", "roles": ["Applicant"],
              "guards": [{ "name": "call-open" }], "effects": [{ "name": "start-review-round" }, { "name": "record-submission" }] },
            { "trigger": "withdraw", "from": ["Draft", "Review"], "to": "Rejected", "roles": ["Applicant"] },
            { "trigger": "reviews-in", "from": "Review", "to": "Decision", "auto": true, "guards": [{ "name": "reviews-complete" }] },
            { "trigger": "overdue", "from": "Review", "to": "Review", "roles": ["System"],
              "effects": [{ "name": "notify", "args": { "role": "Admin", "message": "Reviews are late." } }] },
            { "trigger": "approve", "from": "Decision", "to": "Notice", "roles": ["Admin"] },
            { "trigger": "reject", "from": "Decision", "to": "Rejected", "roles": ["Admin"], "requiresComment": true },
            { "trigger": "lapse", "from": "Decision", "to": "Rejected", "roles": ["System"] },
            { "trigger": "notice-ends", "from": "Notice", "to": "Approved", "roles": ["System"] }
          ],
          "review": {
            "minReviewers": 3, "maxReviewers": 5, "aggregation": "mean",
            "criteria": [
              { "key": "merit", "title": { "zh": "水平", "en": "Merit" }, "weight": 60, "max": 100 },
              { "key": "impact", "title": { "zh": "成效", "en": "Impact" }, "weight": 40, "max": 100 }
            ],
            "passScore": 70, "disagreementStdDev": 12
          },
          "notice": { "days": 7 }
        }
        """;

    [Fact]
    public void The_unmodified_example_is_valid_and_compiles()
    {
        Assert.Empty(Validate(Valid));
        Assert.Equal("mini", WorkflowLoader.LoadAndCompile(Valid, TestCatalog.Create()).Key);
    }

    [Fact]
    public void Unknown_initial_state() =>
        AssertErrors(Edit(d => d["initial"] = "Start"), ("$.initial", "Unknown initial state 'Start'"));

    [Fact]
    public void Duplicate_state() =>
        AssertErrors(Edit(d => States(d).Add(new JsonObject { ["name"] = "Draft", ["terminal"] = true })),
            ("$.states[6].name", "Duplicate state 'Draft'"));

    [Fact]
    public void Transition_from_an_unknown_state() =>
        AssertErrors(Edit(d => Transition(d, 1)["from"]!.AsArray().Add("Archive")),
            ("$.transitions[1].from[2]", "Unknown state 'Archive'"));

    [Fact]
    public void Transition_to_an_unknown_state() =>
        AssertErrors(Edit(d => Transitions(d).Add(JsonNode.Parse("""{ "trigger": "skip", "from": "Draft", "to": "Done", "roles": ["Admin"] }"""))),
            ("$.transitions[8].to", "Unknown state 'Done'"));

    [Fact]
    public void Unreachable_state() =>
        AssertErrors(Edit(d => States(d).Add(new JsonObject { ["name"] = "Archived", ["terminal"] = true })),
            ("$.states[6]", "'Archived' cannot be reached from 'Draft'"));

    [Fact]
    public void Non_terminal_state_with_no_way_out() =>
        AssertErrors(Edit(d => State(d, 5)["terminal"] = false),
            ("$.states[5]", "'Rejected' is not terminal but no transition leaves it"));

    [Fact]
    public void State_from_which_no_terminal_state_can_be_reached() =>
        // notice-ends now loops on Notice: nothing ends from there, and Approved is no longer reachable.
        AssertErrors(Edit(d => Transition(d, 7)["to"] = "Notice"),
            ("$.states[3]", "No terminal state can be reached from 'Notice'"),
            ("$.states[4]", "'Approved' cannot be reached"));

    [Fact]
    public void Two_unguarded_transitions_for_the_same_state_and_trigger() =>
        AssertErrors(Edit(d => Transitions(d).Add(JsonNode.Parse("""{ "trigger": "reject", "from": "Decision", "to": "Draft", "roles": ["Admin"] }"""))),
            ("$.transitions[8]", "Transitions 5 and 8 both fire 'reject' from 'Decision' without a guard"));

    [Fact]
    public void Guarded_transitions_for_the_same_state_and_trigger_are_allowed() =>
        AssertErrors(Edit(d => Transitions(d).Add(JsonNode.Parse(
            """{ "trigger": "reject", "from": "Decision", "to": "Draft", "roles": ["Admin"], "guards": [{ "name": "call-open" }] }"""))));

    [Fact]
    public void A_submission_without_the_effect_the_host_requires_on_it() =>
        AssertErrors(Edit(d => Transition(d, 0)["effects"]!.AsArray().RemoveAt(1)),
            ("$.transitions[0].effects", "'submit' hands the application in (from 'Draft' to 'Review'), so it must carry the effect 'record-submission'"));

    [Fact]
    public void Only_an_applicants_transition_out_of_the_initial_state_needs_the_submission_effect() =>
        AssertErrors(Edit(d => Transitions(d).Add(JsonNode.Parse("""{ "trigger": "park", "from": "Draft", "to": "Review", "roles": ["Admin"] }"""))));

    [Fact]
    public void Unknown_role() =>
        AssertErrors(Edit(d => Transition(d, 4)["roles"]!.AsArray().Add("Chair")),
            ("$.transitions[4].roles[1]", "Unknown role 'Chair'"));

    [Fact]
    public void Transition_without_roles_that_is_not_automatic() =>
        AssertErrors(Edit(d => Transition(d, 4)["roles"] = new JsonArray()),
            ("$.transitions[4].roles", "At least one role is required"));

    [Fact]
    public void Unknown_guard() =>
        AssertErrors(Edit(d => Transition(d, 0)["guards"]![0]!["name"] = "call-closed"),
            ("$.transitions[0].guards[0].name", "Unknown guard 'call-closed'"));

    [Fact]
    public void Unknown_effect() =>
        AssertErrors(Edit(d => Transition(d, 0)["effects"]![0]!["name"] = "send-email"),
            ("$.transitions[0].effects[0].name", "Unknown effect 'send-email'"));

    [Fact]
    public void Notify_without_a_role() =>
        AssertErrors(Edit(d => Transition(d, 3)["effects"]![0]!["args"]!.AsObject().Remove("role")),
            ("$.transitions[3].effects[0].args", "Invalid arguments for effect 'notify'"));

    [Fact]
    public void Notify_with_an_unknown_argument() =>
        AssertErrors(Edit(d => Transition(d, 3)["effects"]![0]!["args"]!["channel"] = "sms"),
            ("$.transitions[3].effects[0].args", "Invalid arguments for effect 'notify'"));

    [Fact]
    public void Notify_naming_a_mail_event_that_does_not_exist() =>
        AssertErrors(Edit(d => Transition(d, 3)["effects"]![0]!["args"]!["mail"] = "application.vanished"),
            ("$.transitions[3].effects[0].args", "Invalid arguments for effect 'notify': 'application.vanished' is no mail event the notify effect sends"));

    [Fact]
    public void Notify_naming_a_mail_event_with_other_values_than_an_application_event() =>
        AssertErrors(Edit(d => Transition(d, 3)["effects"]![0]!["args"]!["mail"] = "auth.password-reset.requested"),
            ("$.transitions[3].effects[0].args", "Invalid arguments for effect 'notify': 'auth.password-reset.requested' is no mail event"));

    [Fact]
    public void Notify_naming_an_application_mail_event_is_valid() =>
        Assert.Empty(Validate(Edit(d => Transition(d, 3)["effects"]![0]!["args"]!["mail"] = "review.overdue.admin")));

    [Fact]
    public void Start_review_round_with_arguments() =>
        AssertErrors(Edit(d => Transition(d, 0)["effects"]![0]!["args"] = new JsonObject { ["round"] = 2 }),
            ("$.transitions[0].effects[0].args", "'start-review-round' takes no arguments"));

    [Fact]
    public void Guard_without_arguments_given_arguments() =>
        AssertErrors(Edit(d => Transition(d, 0)["guards"]![0]!["args"] = new JsonObject { ["callId"] = 1 }),
            ("$.transitions[0].guards[0].args", "'call-open' takes no arguments"));

    [Theory]
    [InlineData("7 days")]
    [InlineData("-P1D")]
    [InlineData("P0D")]
    [InlineData("")]
    public void Timer_after_that_is_not_a_positive_ISO_8601_duration(string after) =>
        AssertErrors(Edit(d => State(d, 1)["timer"]!["after"] = after),
            ("$.states[1].timer.after", $"'{after}' is not a positive ISO-8601 duration"));

    [Fact]
    public void Timer_offset_that_is_not_an_ISO_8601_duration() =>
        AssertErrors(Edit(d => State(d, 2)["timer"]!["offset"] = "xyz"),
            ("$.states[2].timer.offset", "'xyz' is not an ISO-8601 duration"));

    [Fact]
    public void Timer_with_both_after_and_at() =>
        AssertErrors(Edit(d => State(d, 1)["timer"]!["at"] = "stateEntered"),
            ("$.states[1].timer", "Give exactly one of 'after'"));

    [Fact]
    public void Timer_at_an_unknown_date() =>
        AssertErrors(Edit(d => State(d, 2)["timer"]!["at"] = "callOpensAt"),
            ("$.states[2].timer.at", "Unknown date 'callOpensAt'"));

    [Fact]
    public void Timer_at_the_end_of_the_notice_without_a_notice_block() =>
        AssertErrors(Edit(d => d.Remove("notice")),
            ("$.states[3].timer.at", "'noticeEnds' needs a notice block"));

    [Fact]
    public void Timer_whose_trigger_no_System_transition_fires() =>
        AssertErrors(Edit(d => Transition(d, 3)["roles"] = new JsonArray("Admin")),
            ("$.states[1].timer.trigger", "No transition from 'Review' fires 'overdue' for the System role"));

    [Fact]
    public void Criteria_weights_that_do_not_sum_to_100() =>
        AssertErrors(Edit(d => d["review"]!["criteria"]![0]!["weight"] = 50),
            ("$.review.criteria", "Weights must sum to 100; they sum to 90"));

    [Fact]
    public void Review_block_without_a_state_that_collects_reviews() =>
        AssertErrors(Edit(d => State(d, 1).Remove("tags")),
            ("$.review", "A review block needs a state tagged collects-reviews"));

    [Fact]
    public void State_that_collects_reviews_without_a_review_block() =>
        AssertErrors(Edit(d => d.Remove("review")),
            ("$.states[1].tags[0]", "no review block"));

    [Fact]
    public void Unknown_tag() =>
        AssertErrors(Edit(d => State(d, 2)["tags"] = new JsonArray("archived")),
            ("$.states[2].tags[0]", "Unknown tag 'archived'"));

    [Fact]
    public void A_tag_listed_twice_on_one_state() =>
        AssertErrors(Edit(d => State(d, 0)["tags"]!.AsArray().Add("editable")),
            ("$.states[0].tags[1]", "'editable' is listed twice"));

    [Fact]
    public void A_tag_the_host_requires_on_no_state() =>
        AssertErrors(Edit(d => State(d, 0).Remove("tags")),
            ("$.states", "No state is tagged 'editable'"));

    [Fact]
    public void Renamed_states_are_valid_while_they_carry_the_tags() =>
        AssertErrors(Edit(d =>
        {
            d["initial"] = "CaoGao";
            State(d, 0)["name"] = "CaoGao";
            Transition(d, 0)["from"] = "CaoGao";
            Transition(d, 1)["from"] = new JsonArray("CaoGao", "Review");
        }));

    [Fact]
    public void A_tag_the_host_wants_on_exactly_one_state_of_a_call_lifecycle_on_two()
    {
        var call = JsonNode.Parse(TestCatalog.ReadDefinition("call"))!.AsObject();
        State(call, 2)["tags"]!.AsArray().Add("accepting-applications");

        AssertErrors(call.ToJsonString(), ("$.states[2].tags[1]", "'accepting-applications' must be on exactly one state"));
    }

    [Fact]
    public void A_programme_tag_on_the_call_lifecycle()
    {
        var call = JsonNode.Parse(TestCatalog.ReadDefinition("call"))!.AsObject();
        State(call, 2)["tags"]!.AsArray().Add("approved");

        AssertErrors(call.ToJsonString(), ("$.states[2].tags[1]", "Unknown tag 'approved'"));
    }

    [Fact]
    public void A_top_level_block_the_host_did_not_register() =>
        AssertErrors(Edit(d => d["inspection"] = new JsonObject { ["days"] = 3 }),
            ("$.inspection", "Unknown property 'inspection'"));

    [Fact]
    public void An_unknown_property_inside_a_host_block() =>
        AssertErrors(Edit(d => d["notice"]!["hours"] = 12),
            ("$.notice.hours", "Unknown property 'hours'"));

    [Fact]
    public void A_value_of_the_wrong_type_inside_a_host_block() =>
        AssertErrors(Edit(d => d["review"]!["minReviewers"] = "three"),
            ("$.review.minReviewers", "The value has the wrong JSON type"));

    [Fact]
    public void The_engine_alone_knows_no_roles_tags_blocks_or_host_dates()
    {
        var (definition, errors) = WorkflowLoader.Parse(Valid);
        Assert.Empty(errors);

        var bare = WorkflowValidator.Validate(definition!, new WorkflowCatalog()
            .Guard("call-open", "").Guard("reviews-complete", "").Effect("start-review-round", "").Effect("record-submission", "")
            .Effect("notify", "", typeof(NotifyArgs)));

        var paths = bare.Select(e => e.Path).ToHashSet();
        Assert.Contains("$.transitions[0].roles[0]", paths);
        Assert.Contains("$.states[0].tags[0]", paths);
        Assert.Contains("$.review", paths);
        Assert.Contains("$.notice", paths);
        Assert.Contains("$.states[2].timer.at", paths);
    }

    [Fact]
    public void Unknown_aggregation() =>
        AssertErrors(Edit(d => d["review"]!["aggregation"] = "max"),
            ("$.review.aggregation", "Must be one of"));

    [Fact]
    public void Fewer_maximum_than_minimum_reviewers() =>
        AssertErrors(Edit(d => d["review"]!["maxReviewers"] = 2),
            ("$.review.maxReviewers", "Must be at least minReviewers"));

    [Fact]
    public void Terminal_state_with_an_outgoing_transition() =>
        AssertErrors(Edit(d => Transition(d, 1)["from"]!.AsArray().Add("Approved")),
            ("$.transitions[1].from[2]", "'Approved' is terminal"));

    [Fact]
    public void Automatic_transition_that_requires_a_comment() =>
        AssertErrors(Edit(d => Transition(d, 2)["requiresComment"] = true),
            ("$.transitions[2].requiresComment", "Automatic transitions are fired by the engine"));

    [Fact]
    public void Automatic_transition_with_a_dedicated_trigger() =>
        AssertErrors(Edit(d => Transition(d, 2)["trigger"] = "release"),
            ("$.transitions[2].auto", "'release' is a dedicated trigger and cannot be automatic. Fired only by POST /api/calls/{id}/decisions/release"));

    [Fact]
    public void Timer_whose_trigger_is_dedicated() =>
        AssertErrors(Edit(d =>
            {
                State(d, 1)["timer"]!["trigger"] = "publish";
                Transition(d, 3)["trigger"] = "publish";
            }),
            ("$.states[1].timer.trigger", "'publish' is a dedicated trigger and cannot be fired by a timer. Fired only by POST /api/calls/{id}/directory"));

    [Fact]
    public void A_dedicated_trigger_given_to_a_role_is_valid() =>
        Assert.Empty(Validate(Edit(d => Transition(d, 4)["trigger"] = "release")));

    [Fact]
    public void Compiling_an_invalid_definition_throws_with_every_error()
    {
        var json = Edit(d =>
        {
            d["initial"] = "Start";
            Transition(d, 4)["roles"]!.AsArray().Add("Chair");
        });

        var ex = Assert.Throws<InvalidWorkflowException>(() => WorkflowLoader.LoadAndCompile(json, TestCatalog.Create()));

        Assert.Equal(["$.initial", "$.transitions[4].roles[1]"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Malformed_JSON_is_reported_with_its_path()
    {
        var (definition, errors) = WorkflowLoader.Parse(Valid.Replace("\"version\": 1,", "\"version\": ,"));

        Assert.Null(definition);
        var error = Assert.Single(errors);
        Assert.Equal("$.version", error.Path);
        Assert.Contains("invalid start of a value", error.Message);
    }

    [Fact]
    public void Unknown_property_is_reported_with_its_path()
    {
        var (definition, errors) = WorkflowLoader.Parse(Edit(d => State(d, 1)["deadline"] = "P7D"));

        Assert.Null(definition);
        Assert.Equal(new WorkflowError("$.states[1].deadline", "Unknown property 'deadline'."), Assert.Single(errors));
    }

    [Fact]
    public void A_schema_reference_is_an_unknown_property_too()
    {
        var (definition, errors) = WorkflowLoader.Parse(Edit(d => d["$schema"] = "./schema.json"));

        Assert.Null(definition);
        Assert.Equal("$.$schema", Assert.Single(errors).Path);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_with_its_path()
    {
        var (definition, errors) = WorkflowLoader.Parse(Edit(d => Transition(d, 0)["requiresComment"] = "yes"));

        Assert.Null(definition);
        Assert.Equal(new WorkflowError("$.transitions[0].requiresComment", "The value has the wrong JSON type."), Assert.Single(errors));
    }

    [Fact]
    public void A_null_list_is_reported_with_its_path_instead_of_reaching_the_validator()
    {
        var (definition, errors) = WorkflowLoader.Parse(Edit(d => d["transitions"] = null));

        Assert.Null(definition);
        Assert.Equal(new WorkflowError("$.transitions", "Must not be null."), Assert.Single(errors));
    }

    [Fact]
    public void Null_list_elements_are_reported_with_their_paths()
    {
        var (definition, errors) = WorkflowLoader.Parse(Edit(d =>
        {
            States(d).Add(null);
            Transition(d, 1)["from"]!.AsArray().Add(null);
            Transition(d, 0)["guards"]!.AsArray().Add(null);
        }));

        Assert.Null(definition);
        Assert.Equal(["$.states[6]", "$.transitions[0].guards[1]", "$.transitions[1].from[2]"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Empty_input_is_reported_at_the_root()
    {
        Assert.Equal("$", Assert.Single(WorkflowLoader.Parse("null").Errors).Path);
        Assert.Equal("$", Assert.Single(WorkflowLoader.Parse("").Errors).Path);
    }

    /// <summary>The valid example with one edit applied.</summary>
    // Scoring guides (评分标准): bands cover 0..max of their criterion without gaps or overlaps.
    private static Action<JsonObject> Guide(params (decimal Min, decimal Max)[] bands) => d => d["review"]!["criteria"]![0]!["guide"] = new JsonObject
    {
        ["text"] = new JsonObject { ["zh"] = "看技术水平", ["en"] = "Look at the technology" },
        ["bands"] = new JsonArray(bands.Select(b => (JsonNode)new JsonObject
        {
            ["min"] = b.Min, ["max"] = b.Max, ["text"] = new JsonObject { ["zh"] = $"{b.Min}–{b.Max} 分", ["en"] = $"{b.Min}–{b.Max} points" },
        }).ToArray()),
    };

    [Fact]
    public void Bands_that_cover_zero_to_max_in_any_order_are_valid() =>
        AssertErrors(Edit(Guide((90, 100), (0, 60), (75, 90), (60, 75))));

    [Fact]
    public void A_guide_with_a_text_and_no_bands_is_valid() =>
        AssertErrors(Edit(d => d["review"]!["criteria"]![1]!["guide"] = JsonNode.Parse("""{ "text": { "zh": "看成效", "en": "Look at the outcomes" } }""")));

    [Fact]
    public void A_gap_between_bands_is_refused_at_the_later_bands_min() =>
        AssertErrors(Edit(Guide((0, 60), (61, 100))),
            ("$.review.criteria[0].guide.bands[1].min", "Gap: nothing covers 60..61"));

    [Fact]
    public void Overlapping_bands_are_refused_at_the_later_bands_min() =>
        AssertErrors(Edit(Guide((75, 100), (0, 80))),
            ("$.review.criteria[0].guide.bands[0].min", "Overlap: bands[1] already covers 75..80"));

    [Fact]
    public void Bands_that_start_above_zero_are_refused() =>
        AssertErrors(Edit(Guide((10, 60), (60, 100))),
            ("$.review.criteria[0].guide.bands[0].min", "must start at 0"));

    [Fact]
    public void Bands_that_stop_short_of_the_maximum_are_refused() =>
        AssertErrors(Edit(Guide((0, 60), (60, 90))),
            ("$.review.criteria[0].guide.bands[1].max", "must reach the criterion's maximum, 100"));

    [Fact]
    public void A_band_above_the_maximum_is_refused() =>
        AssertErrors(Edit(Guide((0, 60), (60, 120))),
            ("$.review.criteria[0].guide.bands[1].max", "Must not be above the criterion's maximum, 100"));

    [Fact]
    public void An_empty_or_reversed_band_is_refused() =>
        AssertErrors(Edit(Guide((0, 60), (60, 60), (60, 100))),
            ("$.review.criteria[0].guide.bands[1]", "Needs 0 ≤ min < max"));

    [Fact]
    public void A_band_without_its_text_is_refused() =>
        AssertErrors(Edit(d =>
            {
                Guide((0, 100))(d);
                d["review"]!["criteria"]![0]!["guide"]!["bands"]![0]!.AsObject().Remove("text");
            }),
            ("$.review.criteria[0].guide.bands[0].text", "Needs both zh and en"));

    [Fact]
    public void An_empty_guide_is_refused() =>
        AssertErrors(Edit(d => d["review"]!["criteria"]![0]!["guide"] = new JsonObject()),
            ("$.review.criteria[0].guide", "needs a text, bands or both"));

    [Fact]
    public void A_score_on_a_bound_belongs_to_the_higher_band()
    {
        var guide = new ScoringGuide
        {
            Bands = [new ScoreBand { Min = 75, Max = 90 }, new ScoreBand { Min = 90, Max = 100 }, new ScoreBand { Min = 0, Max = 75 }],
        };

        Assert.Equal(90, guide.BandOf(90)!.Min);
        Assert.Equal(90, guide.BandOf(100)!.Min);
        Assert.Equal(75, guide.BandOf(89.5m)!.Min);
        Assert.Equal(0, guide.BandOf(0)!.Min);
    }

    private static string Edit(Action<JsonObject> edit)
    {
        var definition = JsonNode.Parse(Valid)!.AsObject();
        edit(definition);
        return definition.ToJsonString();
    }

    private static JsonArray States(JsonObject d) => d["states"]!.AsArray();
    private static JsonObject State(JsonObject d, int index) => States(d)[index]!.AsObject();
    private static JsonArray Transitions(JsonObject d) => d["transitions"]!.AsArray();
    private static JsonObject Transition(JsonObject d, int index) => Transitions(d)[index]!.AsObject();

    private static IReadOnlyList<WorkflowError> Validate(string json)
    {
        var (definition, errors) = WorkflowLoader.Parse(json);
        Assert.Empty(errors);
        return WorkflowValidator.Validate(definition!, TestCatalog.Create());
    }

    /// <summary>Exactly these errors, each at its path with a message containing the given text.</summary>
    private static void AssertErrors(string json, params (string Path, string Message)[] expected)
    {
        var errors = Validate(json);

        Assert.True(errors.Count == expected.Length,
            $"Expected {expected.Length} error(s), got {errors.Count}: {string.Join(" | ", errors)}");
        foreach (var (path, message) in expected)
            Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }
}
