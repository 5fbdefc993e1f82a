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

    public AuditMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _enqueued = _meter.CreateCounter<long>("audittrail.events.enqueued", "{event}", "Events accepted by LogAsync into the write queue.");
        _committed = _meter.CreateCounter<long>("audittrail.events.committed", "{event}", "Events committed to the store by the writer.");
        _spooled = _meter.CreateCounter<long>("audittrail.events.spooled", "{event}", "Fail-open events written to the local spool because the store could not take them.");
        _replayed = _meter.CreateCounter<long>("audittrail.events.replayed", "{event}", "Spooled events committed to the store once it recovered.");
        _failed = _meter.CreateCounter<long>("audittrail.events.failed", "{event}", "Events neither committed nor spooled: their callers got AuditWriteException, or shutdown could not keep them.");
        _retried = _meter.CreateCounter<long>("audittrail.writes.retried", "{attempt}", "Store writes retried after a failure.");
    }

    public void Enqueued() => _enqueued.Add(1);

    public void Committed(int count) => _committed.Add(count);

    public void Spooled(int count) => _spooled.Add(count);

    public void Replayed(int count) => _replayed.Add(count);

    public void Failed(int count) => _failed.Add(count);

    public void Retried() => _retried.Add(1);

    /// <summary>Publishes the queue and spool depths as observable gauges read from the write queue.</summary>
    public void ObserveDepths(Func<int> queueDepth, Func<long> spoolDepth)
    {
        _meter.CreateObservableGauge("audittrail.queue.depth", queueDepth, "{event}", "Events waiting for the writer.");
        _meter.CreateObservableGauge("audittrail.spool.depth", spoolDepth, "{event}", "Events in the local spool, waiting to be replayed into the store.");
    }
}
