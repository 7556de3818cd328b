namespace YangFan.Benchmarks.Domain.Organisations;

/// <summary>
/// The Unified Social Credit Code (统一社会信用代码) of GB 32100-2015: 18 characters, the last a check character over
/// the first 17, with the GB 11714 organisation code (characters 9 to 17) carrying its own check character.
/// </summary>
public static class CreditCode
{
    public const int Length = 18;
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] CodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Trims and upper-cases; the form in which codes are stored and compared.</summary>
    public static string Normalise(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsValid(string? code) => Check(code) is null;

    /// <summary>Returns null for a valid (already normalised) code, otherwise the reason it is not valid.</summary>
    public static string? Check(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length != Length)
            return $"must be {Length} characters long";

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(code[i]) < 0)
                return $"character {i + 1} ('{code[i]}') is not allowed (letters I, O, S, V and Z are never used)";
        }

        if (!char.IsAsciiDigit(code[2]) || !code.AsSpan(2, 6).ContainsOnlyDigits())
            return "characters 3 to 8 must be the digits of an administrative-division code";

        if (OrganisationCodeCheck(code.AsSpan(8, 8)) != code[16])
            return "the organisation code (characters 9 to 17) fails its check character";

        if (CodeCheck(code.AsSpan(0, 17)) != code[17])
            return "the check character (character 18) does not match";

        return null;
    }

    /// <summary>The GB 32100 check character over the first 17 characters.</summary>
    public static char CodeCheck(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += Alphabet.IndexOf(first17[i]) * CodeWeights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>The GB 11714 check character over the first eight characters of the organisation code.</summary>
    public static char OrganisationCodeCheck(ReadOnlySpan<char> first8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
            sum += OrganisationCodeValue(first8[i]) * OrganisationCodeWeights[i];
        return (11 - sum % 11) switch
        {
            10 => 'X',
            11 => '0',
            var c => (char)('0' + c),
        };
    }

    /// <summary>Characters 3 and 4 of a code registered by a national authority (e.g. 100000, SAMR): no province.</summary>
    public const string NationalRegistration = "10";

    /// <summary>
    /// The province (GB/T 2260 two-digit code) of the registering authority, characters 3 and 4; null for a code
    /// registered nationally, which names no province. Whether the two digits are a known province is for the caller.
    /// </summary>
    public static string? ProvinceCode(string code)
    {
        var province = code.Substring(2, 2);
        return province == NationalRegistration ? null : province;
    }

    private static int OrganisationCodeValue(char c) => char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
}

file static class SpanExtensions
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
