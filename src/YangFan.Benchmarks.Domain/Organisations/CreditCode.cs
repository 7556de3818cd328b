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

    /// <summary>
    /// The longest input the checks read: a code typed with spaces or pasted with its label is still answered with
    /// what is wrong; anything longer is refused before it is looked at.
    /// </summary>
    public const int MaxInputLength = 64;

    public static bool IsValid(string? code) => Find(code) is null;

    /// <summary>Returns null for a valid (already normalised) code, otherwise the reason it is not valid, in English.</summary>
    public static string? Check(string? code) => Find(code)?.Describe();

    /// <summary>
    /// Returns null for a valid (already normalised) code, otherwise its first fault. What can be told of a code still
    /// being typed comes first (a character never used, a letter among the division digits, an unknown province), so
    /// that a person typing it hears of a slip at once, then the length, then the two check characters.
    /// </summary>
    /// <param name="code">The code, normalised.</param>
    /// <param name="isProvince">
    /// Whether two digits are a GB/T 2260 province code, for a caller that knows them; without it characters 3 and 4
    /// are only checked to be digits. <see cref="NationalRegistration"/> is never asked about.
    /// </param>
    public static CreditCodeError? Find(string? code, Func<string, bool>? isProvince = null)
    {
        code ??= string.Empty;
        for (var i = 0; i < code.Length; i++)
        {
            if (Alphabet.IndexOf(code[i]) < 0)
                return new CreditCodeError(CreditCodeFault.CharacterNotUsed, i + 1, code[i].ToString());
        }

        for (var i = 2; i < Math.Min(8, code.Length); i++)
        {
            if (!char.IsAsciiDigit(code[i]))
                return new CreditCodeError(CreditCodeFault.DivisionCode, i + 1, code[i].ToString());
        }

        if (isProvince is not null && code.Length >= 4 && code.Substring(2, 2) is var province
            && province != NationalRegistration && !isProvince(province))
            return new CreditCodeError(CreditCodeFault.Province, 3, province);

        if (code.Length != Length)
            return new CreditCodeError(CreditCodeFault.Length, code.Length);

        if (OrganisationCodeCheck(code.AsSpan(8, 8)) != code[16])
            return new CreditCodeError(CreditCodeFault.OrganisationCodeCheck, 17, code[16].ToString());

        if (CodeCheck(code.AsSpan(0, 17)) != code[17])
            return new CreditCodeError(CreditCodeFault.CheckCharacter, 18, code[17].ToString());

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

    /// <summary>
    /// The city of the registering authority when it is one of <paramref name="cities"/> (GB/T 2260 four-digit
    /// prefecture codes, such as the sub-provincial cities'): characters 3 to 6, so a district's code (440305, Nanshan)
    /// names its city (4403, Shenzhen); null for any other prefecture and for a code registered nationally.
    /// </summary>
    public static string? CityCode(string code, IReadOnlySet<string> cities)
    {
        if (code.Length < 6 || ProvinceCode(code) is null)
            return null;
        var prefecture = code.Substring(2, 4);
        return cities.Contains(prefecture) ? prefecture : null;
    }

    private static int OrganisationCodeValue(char c) => char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
}

/// <summary>What is wrong with a credit code, in the order <see cref="CreditCode.Find"/> looks.</summary>
public enum CreditCodeFault
{
    /// <summary>A character outside the 31-symbol alphabet (letters I, O, S, V and Z are never used).</summary>
    CharacterNotUsed,

    /// <summary>Characters 3 to 8, the administrative-division code of the registering authority, are not all digits.</summary>
    DivisionCode,

    /// <summary>Characters 3 and 4 are not a known province (asked only when the caller knows the provinces).</summary>
    Province,

    /// <summary>Not 18 characters long.</summary>
    Length,

    /// <summary>The organisation code (characters 9 to 17) fails its own check character, character 17.</summary>
    OrganisationCodeCheck,

    /// <summary>The check character, character 18, does not match the first 17.</summary>
    CheckCharacter,
}

/// <summary>
/// The first fault of a credit code: where it is (the 1-based position of its first character, or for
/// <see cref="CreditCodeFault.Length"/> the length found) and what was found there. The character a check expects is
/// deliberately not given: a person told it would change the check character when the slip is elsewhere, and the
/// check would no longer catch it.
/// </summary>
public sealed record CreditCodeError(CreditCodeFault Fault, int Position, string Found = "")
{
    /// <summary>The reason in English, as the API's validation messages give it.</summary>
    public string Describe() => Fault switch
    {
        CreditCodeFault.CharacterNotUsed =>
            $"character {Position} ('{Found}') is not allowed (letters I, O, S, V and Z are never used)",
        CreditCodeFault.Length => $"must be {CreditCode.Length} characters long",
        CreditCodeFault.DivisionCode => "characters 3 to 8 must be the digits of an administrative-division code",
        CreditCodeFault.Province => $"characters 3 and 4 ('{Found}') are not a GB/T 2260 province code",
        CreditCodeFault.OrganisationCodeCheck => "the organisation code (characters 9 to 17) fails its check character",
        _ => "the check character (character 18) does not match",
    };
}
