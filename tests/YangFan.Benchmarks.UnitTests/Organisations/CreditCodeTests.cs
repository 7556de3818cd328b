using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.UnitTests.Organisations;

public class CreditCodeTests
{
    // The two valid examples from the domain reference (GB 32100-2015).
    private const string FirstExample = "914403001922038216";
    private const string SecondExample = "9144030071526726XG";

    // A real registered code whose check character does not match (administrators need an override for it).
    private const string RegisteredButFailingCode = "91350203M0001QAY9B";

    public static TheoryData<string> ValidExamples => new() { FirstExample, SecondExample };

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void The_examples_from_the_domain_reference_are_valid(string code)
    {
        Assert.Null(CreditCode.Check(code));
        Assert.True(CreditCode.IsValid(code));
    }

    [Theory]
    [InlineData("  914403001922038216  ", FirstExample)]
    [InlineData("\t9144030071526726xg ", SecondExample)]
    [InlineData("9144030071526726Xg", SecondExample)]
    public void A_padded_lower_case_code_is_valid_once_normalised(string input, string expected)
    {
        var normalised = CreditCode.Normalise(input);

        Assert.Equal(expected, normalised);
        Assert.True(CreditCode.IsValid(normalised));
    }

    [Fact]
    public void A_padded_lower_case_code_is_refused_before_normalisation()
    {
        Assert.False(CreditCode.IsValid(" 9144030071526726xg "));
        Assert.False(CreditCode.IsValid("9144030071526726xg"));
    }

    [Fact]
    public void Normalising_null_gives_an_empty_string()
    {
        Assert.Equal(string.Empty, CreditCode.Normalise(null));
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Every_single_character_change_of_a_valid_code_is_refused(string code)
    {
        var accepted = new List<string>();
        var tried = 0;

        for (var position = 0; position < code.Length; position++)
        {
            foreach (var replacement in CreditCode.Alphabet)
            {
                if (replacement == code[position]) continue;

                var changed = Replace(code, position, replacement);
                tried++;
                if (CreditCode.IsValid(changed) || CreditCode.Check(changed) is null)
                    accepted.Add(changed);
            }
        }

        Assert.Equal(CreditCode.Length * (CreditCode.Alphabet.Length - 1), tried);
        Assert.Empty(accepted);
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void A_disallowed_character_in_any_position_is_refused(string code)
    {
        char[] disallowed = ['I', 'O', 'S', 'V', 'Z', 'i', 'o', 'a', 'x', '-', ' ', '０', '中'];
        var accepted = new List<string>();

        for (var position = 0; position < code.Length; position++)
        {
            foreach (var replacement in disallowed)
            {
                var changed = Replace(code, position, replacement);
                var reason = CreditCode.Check(changed);
                if (reason is null || CreditCode.IsValid(changed))
                    accepted.Add(changed);
                else
                    Assert.StartsWith($"character {position + 1} (", reason);
            }
        }

        Assert.Empty(accepted);
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('Z')]
    public void The_letters_I_O_S_V_and_Z_are_not_in_the_alphabet(char letter)
    {
        Assert.DoesNotContain(letter, CreditCode.Alphabet);
    }

    [Fact]
    public void The_alphabet_has_31_distinct_symbols()
    {
        Assert.Equal(31, CreditCode.Alphabet.Length);
        Assert.Equal(31, CreditCode.Alphabet.Distinct().Count());
    }

    [Fact]
    public void The_registered_code_with_a_bad_check_character_is_refused()
    {
        Assert.False(CreditCode.IsValid(RegisteredButFailingCode));

        var reason = CreditCode.Check(RegisteredButFailingCode);

        Assert.NotNull(reason);
        Assert.Contains("character 18", reason);
        Assert.DoesNotContain("organisation code", reason);
    }

    [Theory]
    [InlineData("91440300192203821")]    // 17 characters
    [InlineData("9144030019220382166")]  // 19 characters
    [InlineData("9144030019220382")]     // 16 characters
    [InlineData("9")]
    [InlineData("914403001922038216914403001922038216")]
    public void A_code_of_the_wrong_length_is_refused(string code)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Contains("18 characters", CreditCode.Check(code));
    }

    [Fact]
    public void Spaces_alone_are_refused_for_their_length_once_normalised()
    {
        Assert.Contains("18 characters", CreditCode.Check(CreditCode.Normalise("   ")));
        Assert.Equal(new CreditCodeError(CreditCodeFault.Length, 0), CreditCode.Find(CreditCode.Normalise("   ")));
    }

    [Theory]
    [InlineData("91O", 3, "O")]       // a letter never used, before the code is complete
    [InlineData("9144Z", 5, "Z")]
    [InlineData("91440300192203821I", 18, "I")]
    [InlineData("9144-", 5, "-")]
    public void A_character_never_used_is_found_where_it_is_typed_even_before_the_code_is_complete(string code, int position, string found)
    {
        Assert.Equal(new CreditCodeError(CreditCodeFault.CharacterNotUsed, position, found), CreditCode.Find(code));
    }

    [Theory]
    [InlineData("91A", 3, "A")]
    [InlineData("914403B", 7, "B")]
    public void A_letter_among_the_division_digits_is_found_before_the_code_is_complete(string code, int position, string found)
    {
        Assert.Equal(new CreditCodeError(CreditCodeFault.DivisionCode, position, found), CreditCode.Find(code));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("9144", 4)]
    [InlineData("91440300192203821", 17)]
    [InlineData("9144030019220382166", 19)]
    public void A_code_of_the_wrong_length_is_found_with_the_length_typed(string code, int length)
    {
        Assert.Equal(new CreditCodeError(CreditCodeFault.Length, length), CreditCode.Find(code));
    }

    [Theory]
    [InlineData("9199", "99")]                 // as soon as the two digits are typed
    [InlineData("919903001922038216", "99")]
    public void An_unknown_province_is_found_when_the_caller_knows_the_provinces(string code, string province)
    {
        Assert.Equal(new CreditCodeError(CreditCodeFault.Province, 3, province), CreditCode.Find(code, p => p == "44"));
        Assert.NotEqual(CreditCodeFault.Province, CreditCode.Find(code)?.Fault);
    }

    [Fact]
    public void A_code_registered_nationally_is_not_asked_about_as_a_province()
    {
        var first17 = "911000001922038" + "21";
        var code = first17 + CreditCode.CodeCheck(first17);

        Assert.Null(CreditCode.Find(code, _ => throw new InvalidOperationException("asked about a province")));
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void A_known_province_passes_and_a_valid_code_has_no_fault(string code)
    {
        Assert.Null(CreditCode.Find(code, p => p == "44"));
    }

    [Fact]
    public void The_check_faults_name_the_character_found_and_not_the_one_expected()
    {
        Assert.Equal(new CreditCodeError(CreditCodeFault.CheckCharacter, 18, "B"), CreditCode.Find(RegisteredButFailingCode));
        Assert.Equal(new CreditCodeError(CreditCodeFault.OrganisationCodeCheck, 17, "2"), CreditCode.Find(Replace(FirstExample, 16, '2')));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_code_is_refused(string? code)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Contains("18 characters", CreditCode.Check(code));
    }

    [Fact]
    public void A_bad_organisation_code_check_character_is_reported_as_such()
    {
        // Character 17 is the organisation code's own check character; the right one is '1'.
        var changed = Replace(FirstExample, 16, '2');

        var reason = CreditCode.Check(changed);

        Assert.NotNull(reason);
        Assert.Contains("organisation code", reason);
    }

    [Fact]
    public void A_bad_organisation_code_is_refused_even_when_character_18_matches()
    {
        // Break the organisation code's check, then recompute character 18 so that only the inner check fails.
        var first17 = Replace(FirstExample, 16, '2')[..17];
        var code = first17 + CreditCode.CodeCheck(first17);

        var reason = CreditCode.Check(code);

        Assert.False(CreditCode.IsValid(code));
        Assert.NotNull(reason);
        Assert.Contains("organisation code", reason);
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void A_bad_check_character_is_reported_as_such(string code)
    {
        var wrong = code[17] == '0' ? '1' : '0';
        var changed = Replace(code, 17, wrong);

        var reason = CreditCode.Check(changed);

        Assert.NotNull(reason);
        Assert.Contains("check character (character 18)", reason);
        Assert.DoesNotContain("organisation code", reason);
    }

    [Fact]
    public void A_letter_in_the_administrative_division_code_is_reported_as_such()
    {
        var changed = Replace(FirstExample, 4, 'A');

        var reason = CreditCode.Check(changed);

        Assert.NotNull(reason);
        Assert.Contains("administrative-division", reason);
    }

    [Theory]
    [InlineData("91440300192203821", '6')]
    [InlineData("9144030071526726X", 'G')]
    [InlineData("91350203M0001QAY9", '9')]
    public void CodeCheck_computes_the_check_character_over_the_first_17_characters(string first17, char expected)
    {
        Assert.Equal(expected, CreditCode.CodeCheck(first17));
    }

    [Theory]
    [InlineData("19220382", '1')]
    [InlineData("71526726", 'X')]  // 11 - (sum mod 11) = 10
    [InlineData("M0001QAY", '9')]  // letters count from A = 10
    [InlineData("00000000", '0')]  // 11 - (sum mod 11) = 11
    public void OrganisationCodeCheck_computes_the_GB_11714_check_character(string first8, char expected)
    {
        Assert.Equal(expected, CreditCode.OrganisationCodeCheck(first8));
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void The_province_of_the_examples_is_Guangdong_44(string code)
    {
        Assert.Equal("44", CreditCode.ProvinceCode(code));
    }

    [Fact]
    public void The_province_of_the_registered_failing_code_is_Fujian_35()
    {
        Assert.Equal("35", CreditCode.ProvinceCode(RegisteredButFailingCode));
    }

    [Theory]
    [InlineData("91100000100000000Q")]
    [InlineData("911000001000000000")]
    public void A_code_registered_nationally_names_no_province(string code)
    {
        Assert.Null(CreditCode.ProvinceCode(code));
    }

    private static readonly IReadOnlySet<string> SubProvincialCities = new HashSet<string> { "2102", "3302", "3502", "3702", "4403" };

    [Theory]
    [InlineData("914403001922038216", "4403")] // Shenzhen's own administration (440300)
    [InlineData("91440305MA5F0AAAA1", "4403")] // a district of Shenzhen (440305, Nanshan)
    [InlineData("91210204MA5F0BBBB2", "2102")] // a district of Dalian
    [InlineData("91370200MA5F0CCCC3", "3702")] // Qingdao
    [InlineData("91330203MA5F0DDDD4", "3302")] // a district of Ningbo
    [InlineData("91350206MA5F0EEEE5", "3502")] // a district of Xiamen
    public void A_code_registered_in_a_sub_provincial_city_names_the_city(string code, string city)
    {
        Assert.Equal(city, CreditCode.CityCode(code, SubProvincialCities));
    }

    [Theory]
    [InlineData("91440100MA5F0AAAA1")] // Guangzhou, the provincial capital, recommends through Guangdong
    [InlineData("91440000MA5F0AAAA1")] // registered by the province itself
    [InlineData("91210100MA5F0AAAA1")] // Shenyang, not Dalian
    [InlineData("91100000100000000Q")] // registered nationally
    [InlineData("9344")]               // too short to name a prefecture
    public void Any_other_code_names_no_city(string code)
    {
        Assert.Null(CreditCode.CityCode(code, SubProvincialCities));
    }

    [Fact]
    public void Which_prefectures_are_cities_is_the_callers_reference_data()
    {
        Assert.Null(CreditCode.CityCode("914403001922038216", new HashSet<string> { "2102" }));
        Assert.Equal("4401", CreditCode.CityCode("91440100MA5F0AAAA1", new HashSet<string> { "4401" }));
    }

    private static string Replace(string code, int position, char replacement) =>
        string.Create(code.Length, (code, position, replacement), static (span, state) =>
        {
            state.code.AsSpan().CopyTo(span);
            span[state.position] = state.replacement;
        });
}
