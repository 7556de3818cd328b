using YangFan.Benchmarks.Domain.Attachments;

namespace YangFan.Benchmarks.UnitTests.Attachments;

public class FileNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\x.pdf", "x.pdf")]
    [InlineData("C:\\Users\\张三\\Desktop\\申报书.pdf", "申报书.pdf")]
    [InlineData("/var/tmp/../report.docx", "report.docx")]
    [InlineData("a/b\\c/d.xlsx", "d.xlsx")]
    public void Only_the_last_path_segment_is_kept(string name, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitise(name, ".pdf"));
    }

    [Theory]
    [InlineData("report\0.pdf", "report.pdf")]
    [InlineData("report\r\n.pdf", "report.pdf")]
    [InlineData("re\u0007port.pdf", "report.pdf")]
    [InlineData("tab\there.pdf", "tabhere.pdf")]
    [InlineData("a<b>c:d\"e|f?g*h.pdf", "abcdefgh.pdf")]
    public void Control_and_reserved_characters_are_removed(string name, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitise(name, ".pdf"));
    }

    [Fact]
    public void A_right_to_left_override_cannot_disguise_the_extension()
    {
        Assert.Equal("reportfdp.exe", FileNames.Sanitise("report\u202Efdp.exe", ".pdf"));
    }

    [Theory]
    [InlineData("  .hidden. ", "hidden")]
    [InlineData("...report.pdf...", "report.pdf")]
    [InlineData(" 申报书.pdf ", "申报书.pdf")]
    public void Spaces_and_dots_are_trimmed_from_both_ends(string name, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitise(name, ".pdf"));
    }

    [Theory]
    [InlineData("a..b.pdf", "a.b.pdf")]
    [InlineData("report....pdf", "report.pdf")]
    public void Double_dots_are_collapsed(string name, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitise(name, ".pdf"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("...")]
    [InlineData("   ")]
    [InlineData("../")]
    [InlineData("\0\r\n")]
    [InlineData("<>:\"|?*")]
    public void A_name_with_nothing_usable_becomes_attachment_with_the_fallback_extension(string? name)
    {
        Assert.Equal("attachment.pdf", FileNames.Sanitise(name, ".pdf"));
    }

    [Theory]
    [InlineData("申报书（2026）.pdf")]
    [InlineData("5G+工业互联网 典型场景 申报材料.docx")]
    [InlineData("Zhang San - résumé.pdf")]
    [InlineData("Отчёт.xlsx")]
    public void Chinese_and_other_unicode_names_are_kept(string name)
    {
        Assert.Equal(name, FileNames.Sanitise(name, ".pdf"));
    }

    [Fact]
    public void A_very_long_name_is_truncated_to_150_characters_keeping_the_extension()
    {
        var sanitised = FileNames.Sanitise(new string('a', 400) + ".docx", ".pdf");

        Assert.Equal(150, sanitised.Length);
        Assert.Equal(new string('a', 145) + ".docx", sanitised);
    }

    [Fact]
    public void A_long_chinese_name_is_truncated_keeping_the_extension()
    {
        var sanitised = FileNames.Sanitise(new string('申', 300) + ".pdf", ".pdf");

        Assert.Equal(new string('申', 146) + ".pdf", sanitised);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        // "𠀀" is outside the BMP: two UTF-16 code units each.
        var sanitised = FileNames.Sanitise(string.Concat(Enumerable.Repeat("𠀀", 100)) + ".pdf", ".pdf");

        Assert.True(sanitised.Length <= FileNames.MaxLength);
        Assert.EndsWith(".pdf", sanitised);
        Assert.False(char.IsHighSurrogate(sanitised[^5]));
        Assert.Equal(sanitised, FileNames.Sanitise(sanitised, ".pdf"));
    }

    [Fact]
    public void A_name_that_is_already_safe_is_unchanged_when_sanitised_again()
    {
        var once = FileNames.Sanitise("../申报书 (最终版)..PDF", ".pdf");

        Assert.Equal("申报书 (最终版).PDF", once);
        Assert.Equal(once, FileNames.Sanitise(once, ".pdf"));
    }

    [Theory]
    [InlineData("申报书.PDF", ".pdf", "申报书.PDF")]
    [InlineData("申报书.pdf", ".pdf", "申报书.pdf")]
    [InlineData("report.exe", ".pdf", "report.pdf")]
    [InlineData("report", ".pdf", "report.pdf")]
    [InlineData("photo.jpeg", ".jpg", "photo.jpg")]
    [InlineData("budget.xls", ".xlsx", "budget.xlsx")]
    [InlineData("report.pdf", "pdf", "report.pdf")]
    [InlineData("Zhang.San report", ".pdf", "Zhang.San report.pdf")]
    [InlineData("attachment", ".docx", "attachment.docx")]
    public void The_detected_extension_replaces_a_wrong_or_missing_one(string sanitised, string extension, string expected)
    {
        Assert.Equal(expected, FileNames.WithExtension(sanitised, extension));
    }

    [Fact]
    public void A_longer_detected_extension_still_fits_in_150_characters()
    {
        var sanitised = FileNames.Sanitise(new string('a', 300) + ".doc", ".pdf");

        var renamed = FileNames.WithExtension(sanitised, ".docx");

        Assert.Equal(150, renamed.Length);
        Assert.EndsWith(".docx", renamed);
    }
}
