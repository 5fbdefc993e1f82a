using System.Text;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Syslog.Tests;

/// <summary>The RFC 5424 message of a record, and the options' checks.</summary>
public sealed class AuditSyslogFormatTests
{
    [Fact]
    public void FailedOutcome_IsAWarning_InTheConfiguredFacility()
    {
        var text = Format(Some.Record() with { Outcome = AuditOutcome.Failure, FailureReason = "denied" }, new AuditSyslogOptions { Host = "h", Facility = 4 });

        text.Should().StartWith("<36>1 ", "facility 4 × 8 + severity 4 (warning)");
    }

    /// <summary>A review finding recorded in the trail (<c>AddReviewFindingsAsEvents()</c>) is sent at its severity, so a receiver's rules can alert on it.</summary>
    [Theory]
    [InlineData("Low", "<85>1 ")]
    [InlineData("Medium", "<84>1 ")]
    [InlineData("High", "<83>1 ")]
    [InlineData("Critical", "<82>1 ")]
    [InlineData("Severe", "<86>1 ")]
    public void RecordedFinding_IsSentAtTheFindingsSeverity(string severity, string pri)
    {
        var record = Some.Record() with
        {
            Action = AuditActions.ReviewFinding,
            Actor = AuditActor.System,
            Metadata = new Dictionary<string, string> { ["severity"] = severity },
        };

        Format(record, new AuditSyslogOptions { Host = "h" }).Should().StartWith(pri, "facility 10 × 8 + 5 notice, 4 warning, 3 error, 2 critical; not a severity: 6 informational");
    }

    [Fact]
    public void Header_HasTheMicrosecondTime_AndPrintableAsciiOnly()
    {
        var record = Some.Record() with { Action = "sérver.updated with spaces and a very long tail of text" };

        var text = Format(record, new AuditSyslogOptions { Host = "h", Hostname = "app-1", AppName = "billing" });

        text.Should().StartWith($"<86>1 {AuditChain.FormatTime(record.OccurredAt)} app-1 billing - s_rver.updated_with_spaces_and_a [");
    }

    [Fact]
    public void StructuredDataValues_EscapeQuoteBackslashAndBracket()
    {
        var record = Some.Record() with { Actor = AuditActor.User("a\"b\\c]d", null) };

        Format(record, new AuditSyslogOptions { Host = "h" }).Should().Contain("actor=\"a\\\"b\\\\c\\]d\"");
    }

    [Fact]
    public void UdpMessage_IsCutToTheLimit_AtACharacterBoundary()
    {
        var record = Some.Record() with { Description = new string('é', 3000) };
        var formatter = new AuditSyslogFormatter(new AuditSyslogOptions { Host = "h" }, new AuditOcsfOptions());

        var message = formatter.Format(record, 1, 1000);

        message.Length.Should().BeLessThanOrEqualTo(1000);
        var decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(message);
        decoded.Should().Contain("\uFEFF{");
    }

    [Fact]
    public void StructuredDataValues_WithLineBreaksAndControls_AreEscaped_SoNoSecondLineIsSent()
    {
        var record = Some.Record() with
        {
            Actor = AuditActor.User("u-1", "Mike\nJohn"),
            Resource = new AuditResource("server", "srv\r\n<13>1 2026-01-01T00:00:00Z forged app - - - hello", "web\u0085"),
            UserAgent = "agent\nsecond",
        };

        var message = new AuditSyslogFormatter(new AuditSyslogOptions { Host = "h" }, new AuditOcsfOptions()).Format(record, 1);

        message.Should().NotContain((byte)'\n').And.NotContain((byte)'\r');
        var text = Encoding.UTF8.GetString(message);
        text.Should().Contain("actorName=\"Mike\\u000AJohn\"")
            .And.Contain("resourceId=\"srv\\u000D\\u000A<13>1 2026-01-01T00:00:00Z forged app - - - hello\"");
        text.Should().Contain("\"displayName\":\"Mike\\nJohn\"", "the MSG keeps the value as given, in JSON");
    }

    [Fact]
    public void UdpMessage_CutToTheLimit_IsMarkedTruncated_AndOneThatFitsIsNot()
    {
        var formatter = new AuditSyslogFormatter(new AuditSyslogOptions { Host = "h" }, new AuditOcsfOptions());

        var cut = Encoding.UTF8.GetString(formatter.Format(Some.Record() with { Description = new string('x', 3000) }, 1, 1000));
        var whole = Encoding.UTF8.GetString(formatter.Format(Some.Record(), 1, 2048));

        cut.Should().Contain(" truncated=\"true\"]");
        whole.Should().NotContain("truncated").And.EndWith("}");
    }

    [Fact]
    public void UdpMessage_StructuredDataOverTheLimit_DropsTrailingFields_AndStaysWithinIt()
    {
        var record = Some.Record() with
        {
            Actor = AuditActor.User(new string('a', 256), new string('é', 256)),
            Resource = new AuditResource("server", new string('€', 256), "web-03"),
            SourceIp = "203.0.113.9",
        };
        var formatter = new AuditSyslogFormatter(new AuditSyslogOptions { Host = "h", Hostname = "app-1" }, new AuditOcsfOptions());

        var message = formatter.Format(record, 42, 480);

        message.Length.Should().BeLessThanOrEqualTo(480);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(message);
        text.Should().Contain($"id=\"{record.Id}\" seq=\"42\"").And.Contain(" truncated=\"true\"] \uFEFF")
            .And.NotContain("sourceIp=").And.NotContain("resourceId=");
    }

    [Fact]
    public void BadOptions_AreRejected_NamingEachOption()
    {
        var act = () => new AuditSyslogForwarder(new AuditSyslogOptions
        {
            Host = " ",
            Port = 70000,
            Facility = 24,
            AppName = "has space",
            StructuredDataId = "audit",
            MaxUdpMessageBytes = 100,
        });

        act.Should().Throw<ArgumentException>().WithParameterName("options").Which.Message.Should()
            .Contain("AuditSyslogOptions.Host is not set")
            .And.Contain("AuditSyslogOptions.Port is 70000")
            .And.Contain("AuditSyslogOptions.Facility is 24")
            .And.Contain("AuditSyslogOptions.AppName is 'has space'")
            .And.Contain("AuditSyslogOptions.StructuredDataId is 'audit'")
            .And.Contain("AuditSyslogOptions.MaxUdpMessageBytes is 100");
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5514", "without a scheme")]
    [InlineData("127.0.0.1:5514", "without a port; set the port with AuditSyslogOptions.Port")]
    [InlineData("syslog.example.com:514", "without a port")]
    [InlineData("[::1]:5514", "without a port")]
    [InlineData("[::1]", "without brackets ('::1')")]
    [InlineData("syslog.example.com/path", "without a path")]
    [InlineData("sys log", "without spaces")]
    [InlineData("syslog.example.com ", "without spaces")]
    [InlineData("bad..name", "a host name or an IP address")]
    public void Host_NotAHostNameOrAddress_IsRejected_NamingTheOption(string host, string problem)
    {
        var act = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = host });

        act.Should().Throw<ArgumentException>().WithParameterName("options").Which.Message.Should()
            .StartWith($"AuditSyslogOptions.Host is '{host}'; it must be a host name or an IP address only").And.Contain(problem);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("localhost")]
    [InlineData("syslog.example.com")]
    [InlineData("syslog.example.com.")]
    [InlineData("syslog_receiver")]
    public void Host_HostNameOrAddress_IsAccepted(string host)
    {
        var act = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = host });

        act.Should().NotThrow();
    }

    private static string Format(AuditRecord record, AuditSyslogOptions options) =>
        Encoding.UTF8.GetString(new AuditSyslogFormatter(options, new AuditOcsfOptions()).Format(record, 1));
}
