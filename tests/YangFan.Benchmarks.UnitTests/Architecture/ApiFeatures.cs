using Mono.Cecil;
using Mono.Cecil.Cil;

namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// The Api's feature code as the compiler wrote it: its types, read with their IL and symbols (Mono.Cecil), sorted into
/// areas (<c>YangFan.Benchmarks.Api.Features.&lt;Area&gt;</c>) and kinds (use cases, handlers, validators, endpoint mappers).
/// </summary>
internal sealed class ApiFeatures
{
    public const string Namespace = "YangFan.Benchmarks.Api.Features.";

    public static ApiFeatures Load(string? apiPath = null)
    {
        apiPath ??= typeof(Program).Assembly.Location;
        var symbols = File.Exists(Path.ChangeExtension(apiPath, ".pdb"));
        var module = ModuleDefinition.ReadModule(apiPath, new ReaderParameters { ReadSymbols = symbols });
        return new ApiFeatures(module, symbols);
    }

    private ApiFeatures(ModuleDefinition module, bool hasSymbols)
    {
        Module = module;
        HasSymbols = hasSymbols;
    }

    public ModuleDefinition Module { get; }

    public bool HasSymbols { get; }

    /// <summary>Every type of the features, nested and compiler-generated ones included.</summary>
    public IEnumerable<TypeDefinition> Types => Module.GetTypes().Where(t => AreaOf(t) is not null);

    /// <summary>The area a type belongs to: the namespace segment after <c>Features.</c> of its outermost type; null outside the features.</summary>
    public static string? AreaOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type.Namespace.StartsWith(Namespace, StringComparison.Ordinal) ? type.Namespace[Namespace.Length..].Split('.')[0] : null;
    }

    /// <summary>A Mediator request handler: implements <c>IRequestHandler</c>, <c>ICommandHandler</c>, <c>IQueryHandler</c> or a stream variant.</summary>
    public static bool IsHandler(TypeDefinition type) =>
        type.Interfaces.Select(i => i.InterfaceType.GetElementType()).Any(i =>
            i.Namespace == "Mediator" && i.Name.StartsWith('I') && i.Name.Split('`')[0].EndsWith("Handler", StringComparison.Ordinal));

    /// <summary>A FluentValidation validator: derives from <c>AbstractValidator&lt;T&gt;</c>, directly or through a class of the Api.</summary>
    public static bool IsValidator(TypeDefinition type) =>
        type.BaseType?.GetElementType() is { } parent
        && (parent.FullName == "FluentValidation.AbstractValidator`1" || parent is TypeDefinition own && IsValidator(own));

    /// <summary>A use case: a static class that holds a handler (with its request, validator and endpoint).</summary>
    public static bool IsUseCase(TypeDefinition type) => IsStatic(type) && type.NestedTypes.Any(IsHandler);

    /// <summary>An area's route mapping: a top-level static class named <c>&lt;Area&gt;Endpoints</c>.</summary>
    public static bool IsEndpointMapper(TypeDefinition type) =>
        type.DeclaringType is null && IsStatic(type) && type.Name.EndsWith("Endpoints", StringComparison.Ordinal);

    private static bool IsStatic(TypeDefinition type) => type.IsClass && type.IsAbstract && type.IsSealed;

    /// <summary>The source file a type was written in, from the symbols: where its methods' (and its nested types' methods') code is.</summary>
    public static IReadOnlyList<string> SourceFilesOf(TypeDefinition type) =>
        Self(type).SelectMany(t => t.Methods)
            .Where(m => m.DebugInformation.HasSequencePoints)
            .SelectMany(m => m.DebugInformation.SequencePoints)
            .Select(p => p.Document.Url).Distinct().ToList();

    /// <summary>The path of a file below <c>Features/</c>, as written in the repository.</summary>
    public static string FeaturePath(string file)
    {
        var normalised = file.Replace('\\', '/');
        var at = normalised.LastIndexOf("/Features/", StringComparison.Ordinal);
        return at < 0 ? normalised : normalised[(at + 1)..];
    }

    private static IEnumerable<TypeDefinition> Self(TypeDefinition type) => [type, .. type.NestedTypes.SelectMany(Self)];

    /// <summary>Every type and member a type's code names: base types, signatures, locals and each instruction's operand.</summary>
    public static IEnumerable<MemberReference> ReferencesOf(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            if (!m.HasBody)
                continue;
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (var instruction in m.Body.Instructions)
                if (instruction.Operand is MemberReference member)
                    yield return member;
        }
    }

    /// <summary>A referenced type with the types it is built from: generic arguments, array and by-ref element types.</summary>
    public static IEnumerable<TypeReference> Unwrap(TypeReference type)
    {
        switch (type)
        {
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var t in Unwrap(generic.ElementType)) yield return t;
                foreach (var t in generic.GenericArguments.SelectMany(Unwrap)) yield return t;
                yield break;
            case TypeSpecification specification:
                foreach (var t in Unwrap(specification.ElementType)) yield return t;
                yield break;
            default:
                yield return type;
                yield break;
        }
    }
}
