using System.Diagnostics.Metrics;

namespace AuditTrail;

/// <summary>
/// The pipeline's instruments, on a <see cref="Meter"/> named <see cref="MeterName"/> from the host's
/// <see cref="IMeterFactory"/>. Every accepted event ends in exactly one of committed, spooled or failed, so
/// <c>enqueued = committed + spooled + failed</c> once the queue is empty; replayed counts spooled events that
/// later reached the store.
/// </summary>
internal sealed class AuditMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "AuditTrail";

    private readonly Meter _meter;
    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _spooled;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _consumerHandled;
    private readonly Counter<long> _consumerFailures;
    private readonly Counter<long> _consumerSkipped;
    private readonly Counter<long> _retentionPastConsumer;
    private readonly Counter<long> _retentionClockRefused;
    private readonly Counter<long> _retentionArchiveFailures;
    private readonly Counter<long> _retentionRowsRead;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _enqueued = _meter.CreateCounter<long>("audittrail.events.enqueued", "{event}", "Events accepted by LogAsync into the write queue.");
        _committed = _meter.CreateCounter<long>("audittrail.events.committed", "{event}", "Events committed to the store by the writer.");
        _spooled = _meter.CreateCounter<long>("audittrail.events.spooled", "{event}", "Fail-open events written to the local spool because the store could not take them.");
        _replayed = _meter.CreateCounter<long>("audittrail.events.replayed", "{event}", "Spooled events committed to the store once it recovered.");
        _failed = _meter.CreateCounter<long>("audittrail.events.failed", "{event}", "Events neither committed nor spooled: their callers got AuditWriteException, or shutdown could not keep them.");
        _retried = _meter.CreateCounter<long>("audittrail.writes.retried", "{attempt}", "Store writes retried after a failure.");
        _consumerHandled = _meter.CreateCounter<long>("audittrail.consumer.handled", "{record}", "Records a feed consumer handled (its position moved past them); tagged with the consumer.");
        _consumerFailures = _meter.CreateCounter<long>("audittrail.consumer.failures", "{failure}", "Failed attempts of a feed consumer (its handler or the store threw); retried with backoff.");
        _consumerSkipped = _meter.CreateCounter<long>("audittrail.consumer.skipped", "{record}", "Records retention purged before a feed consumer read them (its MaxLag was exceeded).");
        _retentionPastConsumer = _meter.CreateCounter<long>("audittrail.retention.consumer_lag_exceeded", "{pass}", "Retention passes that purged records a feed consumer had not handled, because it was behind by more than its MaxLag.");
        _retentionClockRefused = _meter.CreateCounter<long>("audittrail.retention.clock_refused", "{pass}", "Retention passes refused because the clock could not be trusted; tagged with the reason (clock_jump or records_ahead).");
        _retentionArchiveFailures = _meter.CreateCounter<long>("audittrail.retention.archive_failures", "{pass}", "Retention passes stopped because archiving before purge failed (nothing unarchived was purged).");
        _retentionRowsRead = _meter.CreateCounter<long>("audittrail.retention.rows_read", "{row}", "Rows of the chain retention's tombstoning read to find what expired inside it.");
    }

    public void Enqueued() => _enqueued.Add(1);

    public void Committed(int count) => _committed.Add(count);

    public void Spooled(int count) => _spooled.Add(count);

    public void Replayed(int count) => _replayed.Add(count);

    public void Failed(int count) => _failed.Add(count);

    public void Retried() => _retried.Add(1);

    /// <summary>The tag that names the consumer on the consumer instruments.</summary>
    public const string ConsumerTag = "consumer";

    public void ConsumerHandled(string consumer, int count) => _consumerHandled.Add(count, new KeyValuePair<string, object?>(ConsumerTag, consumer));

    public void ConsumerFailed(string consumer) => _consumerFailures.Add(1, new KeyValuePair<string, object?>(ConsumerTag, consumer));

    public void ConsumerSkipped(string consumer, long count) => _consumerSkipped.Add(count, new KeyValuePair<string, object?>(ConsumerTag, consumer));

    public void RetentionPastConsumer(string consumer) => _retentionPastConsumer.Add(1, new KeyValuePair<string, object?>(ConsumerTag, consumer));

    /// <summary>The tag that names why retention refused a pass.</summary>
    public const string ReasonTag = "reason";

    public void RetentionClockRefused(string reason) => _retentionClockRefused.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    /// <summary>A retention pass stopped because its archive sink failed.</summary>
    public void RetentionArchiveFailed() => _retentionArchiveFailures.Add(1);

    public void RetentionRowsRead(long rows) => _retentionRowsRead.Add(rows);

    /// <summary>Publishes each consumer's lag: records between its position and the newest commit, and the age of its oldest unhandled record.</summary>
    public void ObserveConsumerLag(Func<IEnumerable<Measurement<long>>> records, Func<IEnumerable<Measurement<double>>> seconds)
    {
        _meter.CreateObservableGauge("audittrail.consumer.lag", records, "{record}", "Committed records a feed consumer has not handled yet.");
        _meter.CreateObservableGauge("audittrail.consumer.lag.time", seconds, "s", "Age of the oldest record a feed consumer has not handled yet (0 when caught up).");
    }

    /// <summary>Publishes the queue and spool depths as observable gauges read from the write queue.</summary>
    public void ObserveDepths(Func<int> queueDepth, Func<long> spoolDepth)
    {
        _meter.CreateObservableGauge("audittrail.queue.depth", queueDepth, "{event}", "Events waiting for the writer.");
        _meter.CreateObservableGauge("audittrail.spool.depth", spoolDepth, "{event}", "Events in the local spool, waiting to be replayed into the store.");
    }
}
