using System.Globalization;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// The load runs' command lines, parsed once per run: each run lists its options (a name, what its value is, and how
/// it changes the run's options record) over its defaults, and an unknown option names every one it has.
/// </summary>
public static class LoadOptions
{
    /// <summary>One option: <c>--name VALUE</c>, or a flag with no value when <paramref name="Value"/> is null.</summary>
    public sealed record Option<T>(string Name, string? Value, Func<T, string, T> Apply);

    public static T Parse<T>(string[] args, T defaults, params Option<T>[] options)
    {
        var known = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var parsed = defaults;
        for (var i = 0; i < args.Length; i++)
        {
            if (!known.TryGetValue(args[i], out var option))
                throw new ArgumentException($"Unknown option {args[i]}. Options: " +
                    string.Join(' ', options.Select(o => o.Value is null ? o.Name : $"{o.Name} {o.Value}")));
            var value = option.Value is null ? ""
                : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{option.Name} needs a value ({option.Value}).");
            parsed = option.Apply(parsed, value);
        }
        return parsed;
    }

    public static int Number(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>A comma-separated list of numbers, e.g. <c>10000,100000</c>.</summary>
    public static int[] Numbers(string value) => [.. value.Split(',').Select(Number)];

    public static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
