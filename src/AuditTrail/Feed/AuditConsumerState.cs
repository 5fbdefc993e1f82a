namespace AuditTrail;

/// <summary>
/// What one consumer last reported of itself, for metrics and the health check. The lag in time is the age of the oldest
/// record it has read and not yet handled, taken when it is asked for: it grows while a handler runs, so a handler that
/// never returns shows as behind (and, past MaxLag, degraded) though no batch is read meanwhile.
/// </summary>
internal sealed class AuditConsumerState(string name, TimeSpan? maxLag, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _lagRecords;
    private DateTimeOffset? _oldestUnhandled;
    private int _failures;
    private Exception? _lastFailure;

    public string Name { get; } = name;

    public TimeSpan? MaxLag { get; } = maxLag;

    public long LagRecords { get { lock (_lock) { return _lagRecords; } } }

    public TimeSpan LagTime { get { lock (_lock) { return LagTimeLocked(); } } }

    /// <summary>Failures in a row; 0 after a handled batch.</summary>
    public int ConsecutiveFailures { get { lock (_lock) { return _failures; } } }

    public Exception? LastFailure { get { lock (_lock) { return _lastFailure; } } }

    /// <summary>
    /// Records the lag seen when reading: records between the position and the head, and when the oldest unhandled record
    /// was recorded (<see langword="null"/> when the read found none).
    /// </summary>
    public void ObserveLag(long records, DateTimeOffset? oldestUnhandled)
    {
        lock (_lock)
        {
            _lagRecords = Math.Max(0, records);
            _oldestUnhandled = oldestUnhandled;
        }
    }

    /// <summary>A batch was handled; <paramref name="remaining"/> records are left, the next read tells how old they are.</summary>
    public void Handled(long remaining)
    {
        lock (_lock)
        {
            _lagRecords = Math.Max(0, remaining);
            if (_lagRecords == 0)
            {
                _oldestUnhandled = null;
            }

            _failures = 0;
            _lastFailure = null;
        }
    }

    public int Failed(Exception failure)
    {
        lock (_lock)
        {
            _lastFailure = failure;
            return ++_failures;
        }
    }

    /// <summary>Why the health check should call this consumer degraded, without a closing period (the check adds one), or <see langword="null"/>.</summary>
    public string? Problem()
    {
        lock (_lock)
        {
            return _failures > 0
                ? $"audit consumer '{Name}' is failing ({_failures} attempt(s) in a row): {_lastFailure?.Message.TrimEnd('.', ' ')}"
                : MaxLag is { } max && LagTimeLocked() is var lag && lag > max
                    ? $"audit consumer '{Name}' is {lag} behind (more than its MaxLag of {max})"
                    : null;
        }
    }

    private TimeSpan LagTimeLocked() =>
        _oldestUnhandled is { } oldest && time.GetUtcNow() - oldest is var age && age > TimeSpan.Zero ? age : TimeSpan.Zero;
}
