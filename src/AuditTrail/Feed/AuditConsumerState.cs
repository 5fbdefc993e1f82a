namespace AuditTrail;

/// <summary>What one consumer last reported of itself, for metrics and the health check.</summary>
internal sealed class AuditConsumerState(string name, TimeSpan? maxLag)
{
    private readonly Lock _lock = new();
    private long _lagRecords;
    private TimeSpan _lagTime;
    private int _failures;
    private Exception? _lastFailure;

    public string Name { get; } = name;

    public TimeSpan? MaxLag { get; } = maxLag;

    public long LagRecords { get { lock (_lock) { return _lagRecords; } } }

    public TimeSpan LagTime { get { lock (_lock) { return _lagTime; } } }

    /// <summary>Failures in a row; 0 after a handled batch.</summary>
    public int ConsecutiveFailures { get { lock (_lock) { return _failures; } } }

    public Exception? LastFailure { get { lock (_lock) { return _lastFailure; } } }

    /// <summary>Records the lag seen when reading: records between the position and the head, and the age of the oldest unhandled record.</summary>
    public void ObserveLag(long records, TimeSpan time)
    {
        lock (_lock)
        {
            _lagRecords = Math.Max(0, records);
            _lagTime = time < TimeSpan.Zero ? TimeSpan.Zero : time;
        }
    }

    public void Handled(long remaining)
    {
        lock (_lock)
        {
            _lagRecords = Math.Max(0, remaining);
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

    /// <summary>Why the health check should call this consumer degraded, or <see langword="null"/>.</summary>
    public string? Problem()
    {
        lock (_lock)
        {
            return _failures > 0
                ? $"audit consumer '{Name}' is failing ({_failures} attempt(s) in a row): {_lastFailure?.Message}"
                : MaxLag is { } max && _lagTime > max
                    ? $"audit consumer '{Name}' is {_lagTime} behind (more than its MaxLag of {max})"
                    : null;
        }
    }
}
