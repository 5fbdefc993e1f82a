using AuditTrail.Conformance.Support;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace AuditTrail.OpenTelemetry.Tests;

/// <summary>A host whose logging filters the records' category out loses nothing: the batch fails, naming the category, and stays in the feed.</summary>
public sealed class AuditLogForwarderFilterTests
{
    [Fact]
    public async Task HandleAsync_MinimumLevelAboveInformation_ThrowsNamingTheCategory_AndLogsNothing()
    {
        var exported = new List<LogRecord>();
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddOpenTelemetry(otel => otel.AddInMemoryExporter(exported)));
        var forwarder = new AuditLogForwarder(loggers);
        var failed = Some.Record() with { Outcome = AuditOutcome.Failure };

        var handle = () => forwarder.HandleAsync([new AuditFeedEntry(1, failed), new AuditFeedEntry(2, Some.Record())]);

        (await handle.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*'AuditTrail.Records'*Information*");
        exported.Should().BeEmpty("no record of a batch that fails is passed on, so none is sent twice");
    }

    [Fact]
    public async Task HandleAsync_CategoryEnabledWhileTheDefaultIsWarning_ForwardsEveryRecord()
    {
        var exported = new List<LogRecord>();
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter(AuditLogForwarder.Category, LogLevel.Information)
            .AddOpenTelemetry(otel => otel.AddInMemoryExporter(exported)));
        var forwarder = new AuditLogForwarder(loggers);

        await forwarder.HandleAsync([new AuditFeedEntry(1, Some.Record()), new AuditFeedEntry(2, Some.Record())]);

        exported.Should().HaveCount(2);
    }
}
