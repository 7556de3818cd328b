using System.Globalization;
using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;

namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>
/// The limits the FluentValidation validators enforce, by the property they guard, read once from the validators'
/// descriptors: lengths, numeric bounds, patterns, non-empty collections and what must be present. Only rules that always apply count;
/// a rule under a condition (such as the completeness rules checked on submit) is not a limit of the schema.
/// </summary>
public sealed class ValidatorLimits
{
    private readonly Dictionary<(Type, string), PropertyLimits> _byMember = [];

    /// <summary>What one property must satisfy; null where the validators say nothing.</summary>
    public sealed class PropertyLimits
    {
        public int? MinLength { get; set; }
        public int? MaxLength { get; set; }
        public string? Minimum { get; set; }
        public string? Maximum { get; set; }
        public bool ExclusiveMinimum { get; set; }
        public bool ExclusiveMaximum { get; set; }
        public string? Pattern { get; set; }
        public int? MinItems { get; set; }
        public bool Required { get; set; }
        /// <summary>Limits on each element of a collection (from <c>RuleForEach</c>).</summary>
        public PropertyLimits? Items { get; set; }
    }

    public ValidatorLimits(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        foreach (var found in AssemblyScanner.FindValidatorsInAssembly(typeof(Program).Assembly, includeInternalTypes: true))
            if (scope.ServiceProvider.GetService(found.ValidatorType) is IValidator validator)
                Read(validator, depth: 0);
    }

    /// <summary>
    /// The limits on a property, looked up by the type that declares it and its name; for a request body nested in a
    /// use case whose validator checks the command built from it, the command member of the same name.
    /// </summary>
    public PropertyLimits? For(Type type, string propertyName)
    {
        var property = type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
            return null;
        if (_byMember.TryGetValue((property.DeclaringType!, property.Name), out var limits))
            return limits;
        return type.DeclaringType is { } useCase ? ForMember(useCase, property.Name) : null;
    }

    /// <summary>The limits on a use case's request member of that name (a query parameter, say).</summary>
    public PropertyLimits? ForMember(Type useCase, string memberName) =>
        _byMember.Where(m => m.Key.Item1.DeclaringType == useCase && string.Equals(m.Key.Item2, memberName, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Value).FirstOrDefault();

    private void Read(IValidator validator, int depth)
    {
        if (depth > 4)
            return;
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            if (rule.Member is not PropertyInfo member || rule.HasCondition || rule.HasAsyncCondition)
                continue;
            var limits = Get(member);
            var isEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            var target = isEach ? limits.Items ??= new PropertyLimits() : limits;
            foreach (var component in rule.Components)
            {
                if (component.HasCondition || component.HasAsyncCondition)
                    continue;
                Apply(target, component.Validator, isCollection: !isEach && IsCollection(member.PropertyType));
                if (component.Validator is IChildValidatorAdaptor && ChildOf(component.Validator) is { } child)
                    Read(child, depth + 1);
            }
        }
    }

    private PropertyLimits Get(PropertyInfo member)
    {
        var key = (member.DeclaringType!, member.Name);
        if (!_byMember.TryGetValue(key, out var limits))
            _byMember[key] = limits = new PropertyLimits();
        return limits;
    }

    private static void Apply(PropertyLimits limits, IPropertyValidator validator, bool isCollection)
    {
        switch (validator)
        {
            case INotNullValidator:
                limits.Required = true;
                break;
            case INotEmptyValidator:
                limits.Required = true;
                if (isCollection) limits.MinItems = Math.Max(limits.MinItems ?? 0, 1);
                else limits.MinLength = Math.Max(limits.MinLength ?? 0, 1);
                break;
            case ILengthValidator length:
                if (length.Min > 0) limits.MinLength = Math.Max(limits.MinLength ?? 0, length.Min);
                if (length.Max >= 0) limits.MaxLength = Math.Min(limits.MaxLength ?? int.MaxValue, length.Max);
                break;
            case IBetweenValidator between:
                var exclusive = validator.Name.Contains("Exclusive", StringComparison.Ordinal);
                limits.Minimum = Number(between.From);
                limits.Maximum = Number(between.To);
                limits.ExclusiveMinimum = limits.ExclusiveMaximum = exclusive;
                break;
            case IComparisonValidator { MemberToCompare: null, ValueToCompare: { } value } comparison when Number(value) is { } bound:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan: limits.Minimum = bound; limits.ExclusiveMinimum = true; break;
                    case Comparison.GreaterThanOrEqual: limits.Minimum = bound; limits.ExclusiveMinimum = false; break;
                    case Comparison.LessThan: limits.Maximum = bound; limits.ExclusiveMaximum = true; break;
                    case Comparison.LessThanOrEqual: limits.Maximum = bound; limits.ExclusiveMaximum = false; break;
                }
                break;
            case IRegularExpressionValidator regex when limits.Pattern is null:
                limits.Pattern = regex.Expression;
                break;
        }
    }

    private static string? Number(object? value) => value switch
    {
        int or long or short or byte or decimal or double or float => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsCollection(Type type) =>
        type != typeof(string) && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));

    /// <summary>The fixed validator behind <c>SetValidator</c> or <c>ChildRules</c>; none when it is chosen per value.</summary>
    private static IValidator? ChildOf(IPropertyValidator adaptor)
    {
        var getValidator = adaptor.GetType().GetMethod("GetValidator");
        if (getValidator is null)
            return null;
        try
        {
            var parameters = getValidator.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
            return getValidator.Invoke(adaptor, parameters) as IValidator;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
