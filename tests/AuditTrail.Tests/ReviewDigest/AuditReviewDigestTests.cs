using System.Text;

namespace AuditTrail.Tests.ReviewDigest;

public sealed class AuditReviewDigestTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(7);

    private static readonly Guid First = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid Second = Guid.Parse("0193a000-0000-7000-8000-000000000002");

    [Fact]
    public async Task WriteMarkdownAsync_Findings_AreGroupedMostSevereFirst()
    {
        var report = Report(
            Finding("low", AuditFindingSeverity.Low, AuditDetectors.NewClient, "New browser for 'bob'"),
            Finding("critical", AuditFindingSeverity.Critical, AuditDetectors.SuccessAfterFailures, "12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes, then a success"),
            Finding("high", AuditFindingSeverity.High, AuditDetectors.BruteForce, "10 failed logins for 'sarah'"));

        var markdown = await MarkdownAsync(report);

        markdown.Should().StartWith("# Audit review 2026-11-23T00:00:00Z to 2026-11-30T00:00:00Z\n\n3 findings: 1 critical, 1 high, 1 low.\n");
        markdown.IndexOf("## Critical (1)", StringComparison.Ordinal).Should().BeLessThan(markdown.IndexOf("## High (1)", StringComparison.Ordinal));
        markdown.IndexOf("## High (1)", StringComparison.Ordinal).Should().BeLessThan(markdown.IndexOf("## Low (1)", StringComparison.Ordinal));
        markdown.Should().NotContain("## Medium");
        markdown.Should().Contain(
            "| 2026-11-24T09:00:00Z | 2026-11-24T09:04:00Z | success\\_after\\_failures | sarah | 203.0.113.7 | \u2014 | 12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes, then a success | 2 records |\n");
    }

    [Fact]
    public async Task WriteMarkdownAsync_PipesAndLineBreaksInASummary_StayInTheirCell()
    {
        var report = Report(Finding("a", AuditFindingSeverity.High, AuditDetectors.BulkDelete, "deleted | rows\r\nnext line\n| --- |"));

        var markdown = await MarkdownAsync(report);

        var row = markdown.Split('\n').Single(line => line.StartsWith("| 2026-11-24", StringComparison.Ordinal));
        row.Should().Contain("deleted \\| rows next line \\| --- \\|");
        row.Count(c => c == '|').Should().Be(9 + 3, "eight cells have nine unescaped separators; the summary's three pipes are escaped");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>")]
    [InlineData("[click](http://evil)", "\\[click\\](http\\://evil)")]
    [InlineData("https://evil.example/reset", "https\\://evil.example/reset")]
    [InlineData("WWW.evil.example/reset and www.x.example", "WWW\\.evil.example/reset and www\\.x.example")]
    [InlineData("**bold** `code` \\", "\\*\\*bold\\*\\* \\`code\\` \\\\")]
    [InlineData("&amp; # ~ !", "\\&amp; \\# \\~ \\!")]
    public void Cell_MarkdownSyntaxAndAutolinks_AreShownAsText(string summary, string expected) =>
        AuditReviewMarkdownWriter.Cell(summary).Should().Be(expected);

    [Fact]
    public async Task WriteMarkdownAsync_NoFindings_SaysSo()
    {
        var markdown = await MarkdownAsync(Report());

        markdown.Should().Be("# Audit review 2026-11-23T00:00:00Z to 2026-11-30T00:00:00Z\n\nNo findings in this period.\n");
    }

    [Fact]
    public async Task WriteCsvAsync_Findings_AreRowsMostSevereFirstWithTheirEvidence()
    {
        var report = Report(
            Finding("low", AuditFindingSeverity.Low, AuditDetectors.NewClient, "New browser"),
            Finding("critical", AuditFindingSeverity.Critical, AuditDetectors.SuccessAfterFailures, "Burst, then a success"));

        var lines = (await CsvAsync(report)).Split("\r\n");

        lines[0].Should().Be("\"severity\",\"detector\",\"start\",\"end\",\"actor_id\",\"source_ip\",\"tenant_id\",\"summary\",\"finding_id\",\"evidence_ids\"");
        lines[1].Should().Be(
            $"\"Critical\",\"success_after_failures\",\"2026-11-24T09:00:00Z\",\"2026-11-24T09:04:00Z\",\"sarah\",\"203.0.113.7\",\"\",\"Burst, then a success\",\"critical\",\"{First:D} {Second:D}\"");
        lines[2].Should().StartWith("\"Low\",\"new_client\",");
        lines[3].Should().BeEmpty();
        lines.Should().HaveCount(4);
    }

    [Fact]
    public async Task WriteCsvAsync_FormulasAndQuotes_AreNeutralisedAndEscaped()
    {
        var finding = Finding("f", AuditFindingSeverity.High, AuditDetectors.DepartedActorActive, "=HYPERLINK(\"http://evil\",\"x\")") with
        {
            ActorId = "@admin",
            TenantId = "-2+3",
        };

        var csv = await CsvAsync(Report(finding));

        csv.Should().Contain("\"'@admin\",\"203.0.113.7\",\"'-2+3\",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    }

    [Fact]
    public async Task WriteMarkdownAsync_BidiControlsInARecordedName_AreShownAsVisibleCodes()
    {
        var finding = Finding("f", AuditFindingSeverity.High, AuditDetectors.DepartedActorActive, "Uploaded db\u202Egnp.exe") with { ActorId = "eve\u2066x\u2069" };

        var markdown = await MarkdownAsync(Report(finding));

        markdown.Should().NotContainAny("\u202E", "\u2066", "\u2069");
        markdown.Should().Contain("db\\[U+202E\\]gnp.exe").And.Contain("eve\\[U+2066\\]x\\[U+2069\\]");
    }

    [Fact]
    public async Task WriteCsvAsync_BidiControlsInARecordedName_AreShownAsVisibleCodes()
    {
        var finding = Finding("f", AuditFindingSeverity.High, AuditDetectors.DepartedActorActive, "Uploaded db\u202Egnp.exe") with { ActorId = "=eve\u202D" };

        var csv = await CsvAsync(Report(finding));

        csv.Should().NotContainAny("\u202E", "\u202D");
        csv.Should().Contain("Uploaded db[U+202E]gnp.exe").And.Contain("'=eve[U+202D]");
    }

    [Fact]
    public async Task WriteCsvAsync_Utf8WithoutByteOrderMark_LeavesTheStreamOpen()
    {
        using var stream = new MemoryStream();

        await AuditReviewDigest.WriteCsvAsync(Report(Finding("é", AuditFindingSeverity.Medium, AuditDetectors.NewNetwork, "Zürich")), stream);
        await AuditReviewDigest.WriteMarkdownAsync(Report(), stream);

        stream.CanWrite.Should().BeTrue();
        var bytes = stream.ToArray();
        bytes.AsSpan(0, 3).ToArray().Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(bytes).Should().Contain("\"Zürich\"").And.Contain("# Audit review");
    }

    public static TheoryData<string, AuditReviewReport, string> MalformedReports => new()
    {
        { "md", new AuditReviewReport(From, To, null!), "report.Findings is null" },
        { "csv", new AuditReviewReport(From, To, null!), "report.Findings is null" },
        { "md", Report(Finding("a", AuditFindingSeverity.Low, AuditDetectors.NewClient, "x"), null!), "report.Findings[1] is null" },
        { "csv", Report(Finding("a", AuditFindingSeverity.Low, AuditDetectors.NewClient, "x"), null!), "report.Findings[1] is null" },
        { "md", Report(Finding("a", (AuditFindingSeverity)7, AuditDetectors.NewClient, "x")), "report.Findings[0].Severity is 7" },
        { "csv", Report(Finding("a", AuditFindingSeverity.Low, AuditDetectors.NewClient, "x") with { EvidenceIds = null! }), "report.Findings[0].EvidenceIds is null" },
    };

    [Theory]
    [MemberData(nameof(MalformedReports))]
    public async Task WriteAsync_AMalformedReport_ThrowsNamingReportAndWhatIsWrong_AndWritesNothing(string format, AuditReviewReport report, string problem)
    {
        using var stream = new MemoryStream();

        var write = () => format == "md" ? AuditReviewDigest.WriteMarkdownAsync(report, stream) : AuditReviewDigest.WriteCsvAsync(report, stream);

        var error = (await write.Should().ThrowAsync<ArgumentException>()).Which;
        error.ParamName.Should().Be("report");
        error.Message.Should().Contain(problem);
        stream.Length.Should().Be(0);
    }

    private static AuditReviewReport Report(params AuditFinding[] findings) => new(From, To, findings);

    private static AuditFinding Finding(string id, AuditFindingSeverity severity, string detector, string summary) => new()
    {
        Id = id,
        Detector = detector,
        Severity = severity,
        ActorId = "sarah",
        SourceIp = "203.0.113.7",
        Start = From.AddDays(1).AddHours(9),
        End = From.AddDays(1).AddHours(9).AddMinutes(4),
        Summary = summary,
        EvidenceIds = [First, Second],
    };

    private static async Task<string> MarkdownAsync(AuditReviewReport report)
    {
        using var stream = new MemoryStream();
        await AuditReviewDigest.WriteMarkdownAsync(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<string> CsvAsync(AuditReviewReport report)
    {
        using var stream = new MemoryStream();
        await AuditReviewDigest.WriteCsvAsync(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
