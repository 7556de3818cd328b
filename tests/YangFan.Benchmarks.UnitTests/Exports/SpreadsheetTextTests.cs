using YangFan.Benchmarks.Domain.Exports;

namespace YangFan.Benchmarks.UnitTests.Exports;

public class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"点此\")", "'=HYPERLINK(\"http://evil.example\",\"点此\")")]
    [InlineData("+86 10 6820 8888", "'+86 10 6820 8888")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=cmd", "'\t=cmd")]
    [InlineData("\r=cmd", "'\r=cmd")]
    public void Text_starting_with_a_formula_trigger_gets_a_leading_quote(string text, string expected)
    {
        Assert.Equal(expected, SpreadsheetText.Neutralise(text));
    }

    [Theory]
    [InlineData("深圳港航科技有限公司")]
    [InlineData("5G+工业互联网示范标杆")]
    [InlineData("91440300MA5FXXXX1X")]
    [InlineData("'already quoted")]
    [InlineData(" =leading space")]
    [InlineData("")]
    public void Other_text_is_unchanged(string text)
    {
        Assert.Equal(text, SpreadsheetText.Neutralise(text));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(SpreadsheetText.Neutralise(null));
    }
}
