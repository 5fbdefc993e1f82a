using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Conformance.Support;

/// <summary>
/// Sums the "AuditTrail" meter's measurements of one service provider (its meter factory is the meter's scope, so
/// tests running in parallel do not see each other's counts).
/// </summary>
public sealed class AuditMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly ConcurrentDictionary<string, double> _doubleGauges = new();

    public AuditMetricsRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "AuditTrail" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => instrument is ObservableGauge<long> ? value : total + value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _totals[instrument.Name] = value);
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument is ObservableGauge<double>)
            {
                _doubleGauges[instrument.Name] = value;
            }
        });
        _listener.Start();
    }

    public long this[string name] => _totals.GetValueOrDefault(name);

    /// <summary>The last value of a gauge measured in fractions (such as seconds), as of the last <see cref="Gauges"/>.</summary>
    public double? DoubleGauge(string name) => _doubleGauges.TryGetValue(name, out var value) ? value : null;

    public long Enqueued => this["audittrail.events.enqueued"];

    public long Committed => this["audittrail.events.committed"];

    public long Spooled => this["audittrail.events.spooled"];

    public long Replayed => this["audittrail.events.replayed"];

    public long Failed => this["audittrail.events.failed"];

    public long Retried => this["audittrail.writes.retried"];

    /// <summary>Reads the observable gauges now.</summary>
    public (long QueueDepth, long SpoolDepth) Gauges()
    {
        _listener.RecordObservableInstruments();
        return (this["audittrail.queue.depth"], this["audittrail.spool.depth"]);
    }

    public void Dispose() => _listener.Dispose();
}
