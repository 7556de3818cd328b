namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

public static class TestData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>
    /// A fresh, valid Unified Social Credit Code of an enterprise registered in the province (Guangdong unless given;
    /// <c>10</c> for one registered nationally).
    /// </summary>
    public static string NewCreditCode(string province = "44")
    {
        var body = string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('0' + Random.Shared.Next(10))));
        var organisationCode = body + Domain.Organisations.CreditCode.OrganisationCodeCheck(body);
        var first17 = "91" + province + "0300" + organisationCode;
        return first17 + Domain.Organisations.CreditCode.CodeCheck(first17);
    }

    /// <summary>The same code with one character replaced so that its check character no longer matches.</summary>
    public static string Corrupt(string code)
    {
        var last = Alphabet[(Alphabet.IndexOf(code[17]) + 1) % Alphabet.Length];
        return code[..17] + last;
    }
}
