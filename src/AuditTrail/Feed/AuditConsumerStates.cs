using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>The state of every registered consumer, published as the lag gauges and read by the health check.</summary>
internal sealed class AuditConsumerStates
{
    private readonly ConcurrentDictionary<string, AuditConsumerState> _states = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<AuditConsumerOptions> _options;
    private readonly TimeProvider _time;

    public AuditConsumerStates(AuditMetrics metrics, IOptionsMonitor<AuditConsumerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        _time = time;
        metrics.ObserveConsumerLag(
            () => All.Select(state => new Measurement<long>(state.LagRecords, new KeyValuePair<string, object?>(AuditMetrics.ConsumerTag, state.Name))),
            () => All.Select(state => new Measurement<double>(state.LagTime.TotalSeconds, new KeyValuePair<string, object?>(AuditMetrics.ConsumerTag, state.Name))));
    }

    public IReadOnlyList<AuditConsumerState> All => [.. _states.Values.OrderBy(state => state.Name, StringComparer.Ordinal)];

    public AuditConsumerState For(string name) => _states.GetOrAdd(name, key => new AuditConsumerState(key, _options.Get(key).MaxLag, _time));
}
