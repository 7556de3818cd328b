namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>
/// The longest string an anchored regular expression can match (<c>^[0-9]{2}$</c> → 2), so that a pattern the
/// validators check also bounds the length in the schema. Null when the pattern is not anchored at both ends or
/// allows unbounded repetition.
/// </summary>
public static class PatternLength
{
    public static int? Longest(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$' || (pattern.Length > 2 && pattern[^2] == '\\'))
            return null;
        var position = 1;
        var longest = Alternatives(pattern[..^1], ref position);
        return position == pattern.Length - 1 ? longest : null;
    }

    private static int? Alternatives(string pattern, ref int position)
    {
        int? longest = Sequence(pattern, ref position);
        while (position < pattern.Length && pattern[position] == '|')
        {
            position++;
            var next = Sequence(pattern, ref position);
            longest = longest is null || next is null ? null : Math.Max(longest.Value, next.Value);
        }
        return longest;
    }

    private static int? Sequence(string pattern, ref int position)
    {
        int? total = 0;
        while (position < pattern.Length && pattern[position] is not ('|' or ')'))
        {
            var atom = Atom(pattern, ref position);
            var times = Repetition(pattern, ref position);
            total = total is null || atom is null || times is null ? null : total + atom * times;
        }
        return total;
    }

    private static int? Atom(string pattern, ref int position)
    {
        switch (pattern[position])
        {
            case '(':
                position++;
                if (pattern.AsSpan(position).StartsWith("?:"))
                    position += 2;
                var inner = Alternatives(pattern, ref position);
                if (position >= pattern.Length || pattern[position] != ')')
                    return null;
                position++;
                return inner;
            case '[':
                var end = pattern.IndexOf(']', position + 2);
                if (end < 0)
                    return null;
                position = end + 1;
                return 1;
            case '\\':
                position += 2;
                return 1;
            case '^' or '$':
                position = pattern.Length; // an anchor inside the pattern: give up
                return null;
            default:
                position++;
                return 1;
        }
    }

    private static int? Repetition(string pattern, ref int position)
    {
        if (position >= pattern.Length)
            return 1;
        switch (pattern[position])
        {
            case '?':
                position++;
                return 1;
            case '*' or '+':
                position++;
                return null;
            case '{':
                var end = pattern.IndexOf('}', position);
                if (end < 0)
                    return null;
                var bounds = pattern[(position + 1)..end].Split(',');
                position = end + 1;
                var upper = bounds.Length == 1 ? bounds[0] : bounds[1];
                return int.TryParse(upper, out var times) ? times : null;
            default:
                return 1;
        }
    }
}
