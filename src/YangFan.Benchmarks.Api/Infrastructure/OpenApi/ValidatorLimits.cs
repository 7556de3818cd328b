using System.Globalization;
using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;

namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>
/// The limits the FluentValidation validators enforce, by the property they guard, read once from the validators'
/// descriptors: lengths, numeric bounds, patterns (and the length an anchored pattern allows), item counts
/// (<c>RuleFor(x =&gt; x.Items.Count).LessThanOrEqualTo(n)</c>), dictionary values (<c>RuleForEach(x =&gt; x.Map.Values)</c>)
/// and what must be present. A rule under a condition (a completeness rule checked on submit, a rule on an optional
/// part) gives only its upper bounds: it never makes a field required or sets a lower bound.
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
        public int? MaxItems { get; set; }
        public bool Required { get; set; }
        /// <summary>Limits on each element of a collection or value of a dictionary (from <c>RuleForEach</c>).</summary>
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
            if (rule.Member is not PropertyInfo member)
                continue;
            var isEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            // x.Items.Count bounds how many items x.Items holds; each of x.Map.Values is a value of the dictionary x.Map.
            var counted = member.Name is "Count" or "Length" && Owner(rule) is { } countOwner ? countOwner : null;
            var owner = member.Name == "Values" && isEach && Owner(rule) is { } mapOwner ? mapOwner : counted ?? member;
            var limits = Get(owner);
            var target = isEach ? limits.Items ??= new PropertyLimits() : limits;
            foreach (var component in rule.Components)
            {
                var conditional = rule.HasCondition || rule.HasAsyncCondition || component.HasCondition || component.HasAsyncCondition;
                var found = new PropertyLimits();
                Apply(found, component.Validator, isCollection: !isEach && IsCollection(owner.PropertyType));
                if (counted is not null)
                    found = new PropertyLimits { MinItems = AsCount(found.Minimum, found.ExclusiveMinimum, 1), MaxItems = AsCount(found.Maximum, found.ExclusiveMaximum, -1) };
                Merge(target, found, upperBoundsOnly: conditional);
                if (component.Validator is IChildValidatorAdaptor && ChildOf(component.Validator) is { } child)
                    Read(child, depth + 1);
            }
        }
    }

    /// <summary>The property that holds the member a rule's expression ends in (<c>Items</c> of <c>x.Items.Count</c>).</summary>
    private static PropertyInfo? Owner(IValidationRule rule)
    {
        var body = (rule.Expression as System.Linq.Expressions.LambdaExpression)?.Body;
        while (body is System.Linq.Expressions.UnaryExpression unary)
            body = unary.Operand;
        return body is System.Linq.Expressions.MemberExpression { Expression: System.Linq.Expressions.MemberExpression { Member: PropertyInfo owner } }
            ? owner : null;
    }

    private static int? AsCount(string? bound, bool exclusive, int step) =>
        bound is null ? null : (int)decimal.Parse(bound, CultureInfo.InvariantCulture) + (exclusive ? step : 0);

    private static void Merge(PropertyLimits into, PropertyLimits found, bool upperBoundsOnly)
    {
        if (found.MaxLength is { } maxLength) into.MaxLength = Math.Min(into.MaxLength ?? int.MaxValue, maxLength);
        if (found.MaxItems is { } maxItems) into.MaxItems = Math.Min(into.MaxItems ?? int.MaxValue, maxItems);
        if (found.Maximum is not null) (into.Maximum, into.ExclusiveMaximum) = (found.Maximum, found.ExclusiveMaximum);
        if (upperBoundsOnly)
            return;
        if (found.MinLength is { } minLength) into.MinLength = Math.Max(into.MinLength ?? 0, minLength);
        if (found.MinItems is { } minItems) into.MinItems = Math.Max(into.MinItems ?? 0, minItems);
        if (found.Minimum is not null) (into.Minimum, into.ExclusiveMinimum) = (found.Minimum, found.ExclusiveMinimum);
        into.Pattern ??= found.Pattern;
        into.Required |= found.Required;
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
            case IRegularExpressionValidator regex:
                limits.Pattern = regex.Expression;
                if (PatternLength.Longest(regex.Expression) is { } longest)
                    limits.MaxLength = Math.Min(limits.MaxLength ?? int.MaxValue, longest);
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
            // An empty context for the parent: a fixed child validator does not look at it.
            var parameters = getValidator.GetParameters().Select(p =>
                p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(ValidationContext<>)
                    ? Activator.CreateInstance(p.ParameterType, [null])
                    : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
            return getValidator.Invoke(adaptor, parameters) as IValidator;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
