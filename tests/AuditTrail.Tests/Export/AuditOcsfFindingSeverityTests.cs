using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Export;

/// <summary>A review finding recorded in the trail (<c>AddReviewFindingsAsEvents()</c>) carries its severity into OCSF.</summary>
public sealed class AuditOcsfFindingSeverityTests
{
    [Theory]
    [InlineData(AuditFindingSeverity.Low, 2, "Low")]
    [InlineData(AuditFindingSeverity.Medium, 3, "Medium")]
    [InlineData(AuditFindingSeverity.High, 4, "High")]
    [InlineData(AuditFindingSeverity.Critical, 5, "Critical")]
    public async Task RecordedFinding_IsADetectionFinding_OfTheFindingsSeverity(AuditFindingSeverity severity, int severityId, string name)
    {
        var e = await OcsfOfLogged.EventOf(logger => new AuditEventAlertSink(logger).AlertAsync(Finding(severity)), AuditActor.System);

        e.GetProperty("class_uid").GetInt32().Should().Be(2004);
        e.GetProperty("severity_id").GetInt32().Should().Be(severityId);
        e.GetProperty("severity").GetString().Should().Be(name);
    }

    [Theory]
    [InlineData("review.finding", "3")]
    [InlineData("review.finding", "critical ")]
    [InlineData("review.finding", "")]
    [InlineData("server.updated", "Critical")]
    public void OtherRecords_AndSeveritiesThatAreNotANameOfOne_AreInformational(string action, string severity)
    {
        var record = Some.Record() with { Action = action, Metadata = new Dictionary<string, string> { ["severity"] = severity } };

        AuditFindingRecords.SeverityOf(record).Should().BeNull();
    }

    internal static AuditFinding Finding(AuditFindingSeverity severity) => new()
    {
        Id = "brute_force:1",
        Detector = AuditDetectors.BruteForce,
        Severity = severity,
        Start = DateTimeOffset.UnixEpoch,
        End = DateTimeOffset.UnixEpoch.AddMinutes(5),
        Summary = "12 failed sign-ins",
        EvidenceIds = [Guid.CreateVersion7()],
    };
}
