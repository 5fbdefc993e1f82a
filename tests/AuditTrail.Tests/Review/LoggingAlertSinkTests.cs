using Microsoft.Extensions.Logging;

namespace AuditTrail.Tests.Review;

public sealed class LoggingAlertSinkTests
{
    [Theory]
    [InlineData(AuditFindingSeverity.Low, LogLevel.Warning)]
    [InlineData(AuditFindingSeverity.Medium, LogLevel.Warning)]
    [InlineData(AuditFindingSeverity.High, LogLevel.Error)]
    [InlineData(AuditFindingSeverity.Critical, LogLevel.Error)]
    public async Task AlertAsync_LogsAtTheSeverityLevel_WithTheFindingAsStructuredFields(AuditFindingSeverity severity, LogLevel level)
    {
        var logger = new StructuredLogger();
        var finding = new AuditFinding
        {
            Id = "0123456789abcdef0123",
            Detector = AuditDetectors.BruteForce,
            Severity = severity,
            ActorId = "sarah",
            SourceIp = "203.0.113.7",
            TenantId = "tenant-a",
            Start = Trail.Monday,
            End = Trail.Monday.AddMinutes(4),
            Summary = "12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes",
            EvidenceIds = [Guid.CreateVersion7(), Guid.CreateVersion7()],
        };

        await new AuditLoggingAlertSink(logger).AlertAsync(finding);

        var (logged, fields, message) = logger.Entries.Should().ContainSingle().Which;
        logged.Should().Be(level);
        message.Should().StartWith($"Audit review finding brute_force ({severity}): 12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes [id 0123456789abcdef0123");
        fields.Should().Contain(
        [
            new("Detector", AuditDetectors.BruteForce), new("Severity", severity), new("FindingId", finding.Id), new("ActorId", "sarah"),
            new("SourceIp", "203.0.113.7"), new("TenantId", "tenant-a"), new("Start", finding.Start), new("End", finding.End), new("EvidenceCount", 2),
        ]);
    }

    private sealed class StructuredLogger : ILogger<AuditLoggingAlertSink>
    {
        public List<(LogLevel Level, IReadOnlyList<KeyValuePair<string, object?>> Fields, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, state as IReadOnlyList<KeyValuePair<string, object?>> ?? [], formatter(state, exception)));
    }
}
