
namespace AuditTrail.Tests.Export;

public sealed class CsvNeutralizationTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t'=1")]
    [InlineData("\r=1", "'\r'=1")]
    [InlineData("\n=1", "'\n'=1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("web-01", "web-01")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Neutralize_FormulaStarts_GetALeadingApostrophe(string value, string expected) =>
        CsvFormulaGuard.Neutralize(value).Should().Be(expected);

    /// <summary>Every separator an import dialog offers for the list (comma, semicolon, tab, space, pipe, a line break) starts a segment.</summary>
    [Theory]
    [InlineData("abc\",=1+1", "abc\",'=1+1")]
    [InlineData("abc\";=1+1", "abc\";'=1+1")]
    [InlineData("abc\"\t=1+1", "abc\"\t'=1+1")]
    [InlineData("abc\" =1+1", "abc\" '=1+1")]
    [InlineData("abc\"|=1+1", "abc\"|'=1+1")]
    [InlineData("abc\n=1+1", "abc\n'=1+1")]
    [InlineData("abc;\"=1+1", "abc;\"'=1+1")]
    [InlineData("abc;\"\"@SUM(1)", "abc;\"\"'@SUM(1)")]
    [InlineData("x;-1+1;+A1;＝2;－1", "x;'-1+1;'+A1;'＝2;'－1")]
    [InlineData("-1.5", "'-1.5")]
    [InlineData("load from 1.0 to -1.5, -20% or +3e2; a - b", "load from 1.0 to -1.5, -20% or +3e2; a - b")]
    [InlineData("re -run", "re '-run")]
    [InlineData("well-known=yes;x=1", "well-known=yes;x=1")]
    public void Neutralize_SegmentsAnySeparatorCouldStart_AreNeutralised(string value, string expected) =>
        CsvFormulaGuard.Neutralize(value).Should().Be(expected);

    [Theory]
    [InlineData("""[{"field":"x;=2+2","old":null,"new":"1"}]""", true)]
    [InlineData("""{"k":"a b"}""", false)]
    [InlineData("""{"k":"-1.5"}""", false)]
    [InlineData("""{"k":"a ＠x"}""", true)]
    public void NeedsNeutralizing_JsonBytes_FindsTheSameSegments(string json, bool expected) =>
        CsvFormulaGuard.NeedsNeutralizing(System.Text.Encoding.UTF8.GetBytes(json)).Should().Be(expected);
}
