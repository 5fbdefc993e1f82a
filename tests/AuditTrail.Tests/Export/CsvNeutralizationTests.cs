using AuditTrail.Internal;

namespace AuditTrail.Tests.Export;

public sealed class CsvNeutralizationTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("\n=1", "'\n=1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("web-01", "web-01")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Neutralize_FormulaStarts_GetALeadingApostrophe(string value, string expected) =>
        CsvAuditExporter.Neutralize(value).Should().Be(expected);
}
