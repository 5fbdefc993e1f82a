using Microsoft.Extensions.Logging;

namespace AuditTrail.OpenTelemetry;

/// <summary>
/// Writes each record of the feed as one log record of the category <see cref="Category"/>: level Information
/// (Warning for a failed outcome), the event id's name the action, the body the description (else the action), and
/// the attributes of <see cref="AuditLogAttributes"/>. The OpenTelemetry SDK's logging provider turns them into
/// OpenTelemetry log records for the exporters the host configured (OTLP, console, …).
/// </summary>
public sealed class AuditLogForwarder : IAuditConsumer
{
    /// <summary>The logger category of forwarded records: <c>AuditTrail.Records</c> (filter it out of providers that should not show them).</summary>
    public const string Category = "AuditTrail.Records";

    private readonly ILogger _logger;

    /// <summary>Creates a forwarder that logs through <paramref name="loggers"/>.</summary>
    /// <param name="loggers">The host's logger factory, with the OpenTelemetry provider added.</param>
    public AuditLogForwarder(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger(Category);
    }

    /// <summary>Logs every record of the batch, in order.</summary>
    /// <param name="batch">Committed records, in sequence order.</param>
    /// <param name="cancellationToken">Unused: logging does not wait.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="InvalidOperationException">The host's logging does not enable <see cref="Category"/> at a record's level; nothing of the batch was logged.</exception>
    public Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // A level the host's logging filters out would drop the record while the feed moves past it: fail the batch
        // instead (before logging any of it), so it stays in the feed and the consumer shows as failing.
        foreach (var entry in batch)
        {
            if (!_logger.IsEnabled(LevelOf(entry.Record)))
            {
                throw new InvalidOperationException(
                    $"The log category '{Category}' is not enabled at {LevelOf(entry.Record)}, so the host's logging would drop forwarded audit records. " +
                    $"Enable it at Information (\"Logging\": {{ \"LogLevel\": {{ \"{Category}\": \"Information\" }} }}, or AddFilter(\"{Category}\", LogLevel.Information)), " +
                    "and turn it off only for the providers that should not show audit records.");
            }
        }

        foreach (var entry in batch)
        {
            var level = LevelOf(entry.Record);
            var state = new AuditLogRecordState(entry.Record, entry.Sequence);
            _logger.Log(level, new EventId(0, entry.Record.Action), state, null, static (s, _) => s.Message);
        }

        return Task.CompletedTask;
    }

    private static LogLevel LevelOf(AuditRecord record) => record.Outcome == AuditOutcome.Failure ? LogLevel.Warning : LogLevel.Information;
}
