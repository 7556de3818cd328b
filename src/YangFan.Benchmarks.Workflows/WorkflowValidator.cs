using System.Text.Json;
using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.Workflows;

/// <summary>
/// Static checks run whenever a definition is loaded, uploaded or published. Reports every problem it finds, each
/// with the JSON path it concerns, so an author can fix them all in one go.
/// </summary>
public static partial class WorkflowValidator
{
    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex StatePattern();

    public static IReadOnlyList<WorkflowError> Validate(WorkflowDefinition d, WorkflowCatalog catalog)
    {
        var errors = new List<WorkflowError>();
        void Error(string path, string message) => errors.Add(new WorkflowError(path, message));

        if (!KeyPattern().IsMatch(d.Key ?? ""))
            Error("$.key", "Must be lower-case letters, digits and hyphens, starting with a letter.");
        if (d.Version < 1)
            Error("$.version", "Must be 1 or more.");
        if (d.Title is null || string.IsNullOrWhiteSpace(d.Title.Zh) || string.IsNullOrWhiteSpace(d.Title.En))
            Error("$.title", "Needs both zh and en.");

        // States
        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        if (d.States.Count == 0)
            Error("$.states", "At least one state is required.");
        for (var i = 0; i < d.States.Count; i++)
        {
            var s = d.States[i];
            if (!StatePattern().IsMatch(s.Name ?? ""))
                Error($"$.states[{i}].name", "Must be a PascalCase name of letters and digits.");
            else if (!states.TryAdd(s.Name!, s))
                Error($"$.states[{i}].name", $"Duplicate state '{s.Name}'.");
        }
        if (!states.ContainsKey(d.Initial ?? ""))
            Error("$.initial", $"Unknown initial state '{d.Initial}'.");
        if (states.Count > 0 && !states.Values.Any(s => s.Terminal))
            Error("$.states", "At least one state must be terminal.");

        for (var i = 0; i < d.States.Count; i++)
        {
            var visibleAs = d.States[i].VisibleAs;
            if (visibleAs is null)
                continue;
            if (!states.TryGetValue(visibleAs, out var shown))
                Error($"$.states[{i}].visibleAs", $"Unknown state '{visibleAs}'.");
            else if (visibleAs == d.States[i].Name || shown.VisibleAs is not null)
                Error($"$.states[{i}].visibleAs", "Must name another state that is itself shown as it is.");
        }

        // Transitions
        var outgoing = states.Keys.ToDictionary(k => k, _ => new List<(int Index, TransitionDefinition T)>(), StringComparer.Ordinal);
        for (var i = 0; i < d.Transitions.Count; i++)
        {
            var t = d.Transitions[i];
            var path = $"$.transitions[{i}]";
            if (!KeyPattern().IsMatch(t.Trigger ?? ""))
                Error($"{path}.trigger", "Must be lower-case letters, digits and hyphens, starting with a letter.");
            if (t.From.Count == 0)
                Error($"{path}.from", "At least one source state is required.");
            for (var f = 0; f < t.From.Count; f++)
            {
                if (!states.TryGetValue(t.From[f], out var from))
                    Error($"{path}.from[{f}]", $"Unknown state '{t.From[f]}'.");
                else if (from.Terminal)
                    Error($"{path}.from[{f}]", $"'{t.From[f]}' is terminal; nothing leaves a terminal state.");
                else
                    outgoing[t.From[f]].Add((i, t));
            }
            if (t.From.Distinct(StringComparer.Ordinal).Count() != t.From.Count)
                Error($"{path}.from", "A state is listed twice.");
            if (!states.ContainsKey(t.To ?? ""))
                Error($"{path}.to", $"Unknown state '{t.To}'.");
            if (t.Roles.Count == 0 && !t.Auto)
                Error($"{path}.roles", "At least one role is required.");
            for (var r = 0; r < t.Roles.Count; r++)
                if (!catalog.RoleNames.Contains(t.Roles[r]))
                    Error($"{path}.roles[{r}]", $"Unknown role '{t.Roles[r]}'. Roles: {string.Join(", ", catalog.RoleNames)}.");
            if (t.Auto && t.RequiresComment)
                Error($"{path}.requiresComment", "Automatic transitions are fired by the engine, which gives no comment.");
            if (t.Auto && catalog.FindDedicatedTrigger(t.Trigger ?? "") is { } dedicatedTo)
                Error($"{path}.auto", $"'{t.Trigger}' is a dedicated trigger and cannot be automatic. {dedicatedTo}");
            CheckSteps(t.Guards, $"{path}.guards", catalog.FindGuard, "guard", Error);
            CheckSteps(t.Effects, $"{path}.effects", catalog.FindEffect, "effect", Error);
        }

        // A transition that hands the instance in must carry the effect the host records the submission with. Handing
        // in is the Applicant's move from the initial state to one the workflow goes on from; a state where the
        // instance ends (terminal, or a dead end, reported below) is withdrawing, not submitting.
        if (catalog.RequiredSubmissionEffect is { } required)
            for (var i = 0; i < d.Transitions.Count; i++)
            {
                var t = d.Transitions[i];
                if (t.From.Contains(d.Initial ?? "") && states.TryGetValue(t.To ?? "", out var to) && !to.Terminal && outgoing[to.Name].Count > 0
                    && t.Roles.Contains(required.Submitter) && !t.Effects.Any(e => e.Name == required.Effect))
                    Error($"$.transitions[{i}].effects",
                        $"'{t.Trigger}' hands the application in (from '{d.Initial}' to '{t.To}'), so it must carry the effect '{required.Effect}': {required.Why}");
            }

        // Two unguarded transitions on one state and trigger: the engine could not choose between them.
        foreach (var (state, list) in outgoing)
            foreach (var group in list.Where(x => x.T.Guards.Count == 0).GroupBy(x => x.T.Trigger).Where(g => g.Count() > 1))
                Error($"$.transitions[{group.Last().Index}]",
                    $"Transitions {string.Join(" and ", group.Select(g => g.Index))} both fire '{group.Key}' from '{state}' without a guard.");

        // Timers
        for (var i = 0; i < d.States.Count; i++)
        {
            var s = d.States[i];
            if (s.Timer is not { } timer)
                continue;
            var path = $"$.states[{i}].timer";
            if (s.Terminal)
                Error(path, "A terminal state cannot have a timer.");
            if ((timer.After is null) == (timer.At is null))
                Error(path, "Give exactly one of 'after' (a duration) or 'at' (a named date).");
            if (timer.After is not null && (!IsoDuration.TryParse(timer.After, out var after) || after <= TimeSpan.Zero))
                Error($"{path}.after", $"'{timer.After}' is not a positive ISO-8601 duration such as P7D or PT12H.");
            if (timer.At is not null && !catalog.HasAnchor(timer.At))
                Error($"{path}.at", $"Unknown date '{timer.At}'.");
            if (timer.Offset is not null && !IsoDuration.TryParse(timer.Offset, out _))
                Error($"{path}.offset", $"'{timer.Offset}' is not an ISO-8601 duration.");
            if (timer.Offset is not null && timer.At is null)
                Error($"{path}.offset", "An offset applies only to 'at'.");
            if (states.ContainsKey(s.Name) && !outgoing[s.Name].Any(x => x.T.Trigger == timer.Trigger && AllowsSystem(x.T, catalog)))
                Error($"{path}.trigger", $"No transition from '{s.Name}' fires '{timer.Trigger}' for the {catalog.SystemRole} role.");
            if (catalog.FindDedicatedTrigger(timer.Trigger ?? "") is { } firedBy)
                Error($"{path}.trigger", $"'{timer.Trigger}' is a dedicated trigger and cannot be fired by a timer. {firedBy}");
        }

        // Reachability: forward from the initial state, backward from the terminal states.
        if (states.ContainsKey(d.Initial ?? ""))
        {
            var edges = d.Transitions.Where(t => states.ContainsKey(t.To ?? "")).SelectMany(t => t.From.Where(states.ContainsKey).Select(f => (f, t.To))).ToList();
            var reachable = Closure([d.Initial!], edges.ToLookup(e => e.f, e => e.To));
            var canFinish = Closure(states.Values.Where(s => s.Terminal).Select(s => s.Name), edges.ToLookup(e => e.To, e => e.f));
            for (var i = 0; i < d.States.Count; i++)
            {
                var s = d.States[i];
                if (!states.TryGetValue(s.Name ?? "", out var known) || !ReferenceEquals(known, s))
                    continue;
                if (!reachable.Contains(s.Name!))
                    Error($"$.states[{i}]", $"'{s.Name}' cannot be reached from '{d.Initial}'.");
                if (!s.Terminal && outgoing[s.Name!].Count == 0)
                    Error($"$.states[{i}]", $"'{s.Name}' is not terminal but no transition leaves it.");
                else if (!s.Terminal && !canFinish.Contains(s.Name!))
                    Error($"$.states[{i}]", $"No terminal state can be reached from '{s.Name}'.");
            }
        }

        // Tags: only those the host declares for this key, each as often as it requires.
        var vocabulary = catalog.TagsFor(d.Key ?? "").ToDictionary(t => t.Name, StringComparer.Ordinal);
        var tagged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < d.States.Count; i++)
        {
            var tags = d.States[i].Tags;
            for (var j = 0; j < tags.Count; j++)
            {
                var path = $"$.states[{i}].tags[{j}]";
                if (!vocabulary.ContainsKey(tags[j]))
                    Error(path, $"Unknown tag '{tags[j]}'. Tags: {string.Join(", ", vocabulary.Keys.Order(StringComparer.Ordinal))}.");
                else if (tags.Take(j).Contains(tags[j], StringComparer.Ordinal))
                    Error(path, $"'{tags[j]}' is listed twice.");
                else
                {
                    if (!tagged.TryGetValue(tags[j], out var at))
                        tagged[tags[j]] = at = [];
                    at.Add(path);
                }
            }
        }
        foreach (var tag in vocabulary.Values)
        {
            var at = tagged.GetValueOrDefault(tag.Name) ?? [];
            if (at.Count == 0 && tag.Occurrence != TagOccurrence.Optional)
                Error("$.states", $"No state is tagged '{tag.Name}', which the host requires on {(tag.Occurrence == TagOccurrence.ExactlyOne ? "exactly one state" : "at least one state")}: {tag.Description}");
            else if (at.Count > 1 && tag.Occurrence == TagOccurrence.ExactlyOne)
                foreach (var path in at.Skip(1))
                    Error(path, $"'{tag.Name}' must be on exactly one state: {tag.Description}");
        }

        // The host's blocks: each bound to its type, then checked by the host, present or not.
        var (blocks, blockErrors) = catalog.BindBlocks(d);
        errors.AddRange(blockErrors);
        foreach (var registration in catalog.Blocks)
            if (blocks.ContainsKey(registration.Name) || d.Blocks?.ContainsKey(registration.Name) != true)
                errors.AddRange(registration.Check(blocks.GetValueOrDefault(registration.Name), d));

        return errors;
    }

    private static bool AllowsSystem(TransitionDefinition t, WorkflowCatalog catalog) =>
        t.Auto || (catalog.SystemRole is { } system && t.Roles.Contains(system));

    private static void CheckSteps(IReadOnlyList<StepReference> steps, string path,
        Func<string, WorkflowCatalog.StepRegistration?> find, string kind, Action<string, string> error)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var registration = find(steps[i].Name ?? "");
            if (registration is null)
            {
                error($"{path}[{i}].name", $"Unknown {kind} '{steps[i].Name}'.");
                continue;
            }
            try
            {
                WorkflowCatalog.BindArguments(registration, steps[i].Args);
            }
            catch (JsonException ex)
            {
                error($"{path}[{i}].args", $"Invalid arguments for {kind} '{steps[i].Name}': {ex.Message.Split(" Path:", 2)[0]}");
            }
        }
    }

    private static HashSet<string> Closure(IEnumerable<string> start, ILookup<string, string> next)
    {
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.TryDequeue(out var current))
            foreach (var n in next[current])
                if (seen.Add(n))
                    queue.Enqueue(n);
        return seen;
    }
}
