namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>Data for tests: fresh credit codes and the documents an organisation is verified with (linked into the browser tests too).</summary>
public static class TestData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>
    /// A fresh, valid Unified Social Credit Code of an enterprise registered in the province (Guangdong unless given;
    /// <c>10</c> for one registered nationally), in its capital's prefecture (01: Guangzhou, never a sub-provincial city,
    /// so the province's recommenders cover it); or in the prefecture given by four digits (<c>4403</c>: Shenzhen).
    /// </summary>
    public static string NewCreditCode(string division = "44")
    {
        var body = string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('0' + Random.Shared.Next(10))));
        var organisationCode = body + Domain.Organisations.CreditCode.OrganisationCodeCheck(body);
        var first17 = "91" + (division.Length == 2 ? division + "0100" : division + "00") + organisationCode;
        return first17 + Domain.Organisations.CreditCode.CodeCheck(first17);
    }

    /// <summary>A business licence as a scanned PDF would start, for verification uploads.</summary>
    public static readonly byte[] LicencePdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n% business licence\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

    /// <summary>An authorisation letter as a PNG (its signature is what counts).</summary>
    public static readonly byte[] LetterPng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    /// <summary>The same code with one character replaced so that its check character no longer matches.</summary>
    public static string Corrupt(string code)
    {
        var last = Alphabet[(Alphabet.IndexOf(code[17]) + 1) % Alphabet.Length];
        return code[..17] + last;
    }
}
