using Mono.Cecil;

namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// Areas under <c>Features/</c> talk to each other through what they publish, never through each other's internals
/// (docs/architecture.md, "One file per use case"). Code in <c>Features.&lt;A&gt;</c> may use, from another area <c>Features.&lt;B&gt;</c>:
/// the requests and responses of its use cases (the types nested in a use case: <c>Command</c>, <c>Query</c>,
/// <c>Body</c>, result records; sending such a request through Mediator is how one area asks another to act), its
/// public views and models (e.g. <c>UserView</c>, <c>ApplicationView</c>, the typed application content) and its
/// public shared rules, each a static class in a file named for what it does (e.g. <c>ApplicationAccess</c>,
/// <c>StateMask</c>, <c>PhoneNumbers</c>). It may not use B's handlers or validators, anything of a use case other
/// than its nested request and response types (its <c>Map</c>, constants, helpers), B's route mapping
/// (<c>&lt;Area&gt;Endpoints</c>, helpers on it included), or anything B keeps internal (non-public types and members).
/// The check reads the Api's IL, so it sees every call, field and type the code names, lambdas and async methods included.
/// </summary>
public sealed class FeatureBoundaryTests
{
    [Fact]
    public void Features_use_only_what_other_areas_publish()
    {
        var violations = Violations(ApiFeatures.Load());

        Assert.True(violations.Count == 0,
            "Features reach into another area's internals; send its request through Mediator, use its views, or move the shared "
            + "piece to a public rule of its own (or to Infrastructure):\n" + string.Join("\n", violations));
    }

    internal static List<string> Violations(ApiFeatures features)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in features.Types)
        {
            var area = ApiFeatures.AreaOf(type)!;
            foreach (var reference in ApiFeatures.ReferencesOf(type))
            {
                foreach (var (target, why) in Check(reference))
                    if (ApiFeatures.AreaOf(target as TypeReference ?? target.DeclaringType) is { } other && other != area)
                        found.Add($"{Name(Written(type))} (Features.{area}) uses {Name(target)} of Features.{other}: {why}.");
            }
        }
        return [.. found];
    }

    /// <summary>What a reference names that is not another area's to give: each offending type or member and why.</summary>
    private static IEnumerable<(MemberReference Target, string Why)> Check(MemberReference reference)
    {
        switch (reference)
        {
            case TypeReference type:
                foreach (var part in ApiFeatures.Unwrap(type))
                    if (Definition(part) is { } definition && WhyTypeIsClosed(definition) is { } why)
                        yield return (part, why);
                yield break;
            case MethodReference or FieldReference:
                var declaring = reference.DeclaringType;
                foreach (var found in Check(declaring))
                    yield return found;
                if (Definition(declaring.GetElementType()) is not { } owner)
                    yield break;
                if (ApiFeatures.IsUseCase(owner))
                    yield return (reference, $"a member of the use case {owner.Name}, which publishes only its nested requests and responses");
                else if (Resolve(reference) is { } member && !IsPublic(member))
                    yield return (reference, "not public");
                yield break;
        }
    }

    private static string? WhyTypeIsClosed(TypeDefinition type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (ApiFeatures.IsHandler(t)) return "a handler (send its request through Mediator instead)";
            if (ApiFeatures.IsValidator(t)) return "a validator (the pipeline runs it when the request is sent)";
            if (ApiFeatures.IsEndpointMapper(t)) return "the area's route mapping";
            if (t.DeclaringType is null ? !t.IsPublic : !t.IsNestedPublic) return "not public";
        }
        return null;
    }

    /// <summary>The type as written: a lambda's or an async method's compiler-generated class reports as the type around it.</summary>
    internal static TypeDefinition Written(TypeDefinition type)
    {
        while (type.DeclaringType is not null && type.Name.StartsWith('<'))
            type = type.DeclaringType;
        return type;
    }

    /// <summary>The definition of a type of the features (which live in the Api itself); null for anything else.</summary>
    private static TypeDefinition? Definition(TypeReference type) =>
        ApiFeatures.AreaOf(type) is null ? null : type as TypeDefinition ?? type.Resolve();

    private static IMemberDefinition? Resolve(MemberReference member) => member switch
    {
        MethodReference method => method.GetElementMethod().Resolve(),
        FieldReference field => field.Resolve(),
        _ => null,
    };

    private static bool IsPublic(IMemberDefinition member) => member switch
    {
        MethodDefinition method => method.IsPublic,
        FieldDefinition field => field.IsPublic,
        _ => true,
    };

    private static string Name(MemberReference member) => member switch
    {
        TypeReference type => type.FullName.Replace('/', '.'),
        _ => $"{member.DeclaringType.GetElementType().FullName.Replace('/', '.')}.{member.Name}",
    };
}
