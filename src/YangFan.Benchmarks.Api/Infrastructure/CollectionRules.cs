using System.Collections;
using FluentValidation;
using FluentValidation.Validators;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>A rule capping how many items a collection may hold; the OpenAPI document reads it as <c>maxItems</c>.</summary>
public interface IMaximumCountValidator
{
    int Max { get; }
}

public static class CollectionRules
{
    /// <summary>At most <paramref name="max"/> items; an absent collection passes.</summary>
    public static IRuleBuilderOptions<T, TCollection> MaximumCount<T, TCollection>(this IRuleBuilder<T, TCollection> rule, int max)
        where TCollection : IEnumerable? =>
        rule.SetValidator(new MaximumCountValidator<T, TCollection>(max));

    private sealed class MaximumCountValidator<T, TCollection>(int max) : PropertyValidator<T, TCollection>, IMaximumCountValidator
        where TCollection : IEnumerable?
    {
        public int Max { get; } = max;

        public override string Name => "MaximumCountValidator";

        public override bool IsValid(ValidationContext<T> context, TCollection value)
        {
            if (value is null)
                return true;
            if (value is ICollection collection)
                return collection.Count <= Max;
            var count = 0;
            foreach (var _ in value)
                if (++count > Max)
                    return false;
            return true;
        }

        protected override string GetDefaultMessageTemplate(string errorCode) => $"At most {Max} items.";
    }
}
