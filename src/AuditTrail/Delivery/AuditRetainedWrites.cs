using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// Buffered events that neither the store nor the spool took: the writer keeps them in memory and retries them
/// before taking new events, so new callers wait. Used by the single writer; <see cref="Count"/> is read from any thread.
/// </summary>
internal sealed partial class AuditRetainedWrites
{
    private readonly List<PendingWrite> _writes = [];
    private readonly AuditFailureReporter _reporter;
    private readonly ILogger _logger;
    private int _count;
    private bool _retaining;

    public AuditRetainedWrites(AuditFailureReporter reporter, ILogger logger)
    {
        _reporter = reporter;
        _logger = logger;
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The events kept so far, in order; the writer asks this between batches.</summary>
    public bool Any => _writes.Count > 0;

    public void Retain(List<PendingWrite> writes, AuditFailureSource source, string why, Exception cause)
    {
        _writes.AddRange(writes);
        Volatile.Write(ref _count, _writes.Count);
        if (_retaining)
        {
            // Reported when it began; each later round would only repeat it.
            return;
        }

        _retaining = true;
        LogRetained(cause, _writes.Count, why);
        _reporter.Report(new AuditFailure
        {
            Kind = AuditFailureKind.Permanent,
            Source = source,
            Outcome = AuditFailureOutcome.Retained,
            Message = $"{_writes.Count} buffered audit event(s) are kept in memory and retried, and new events wait: {why}",
            EventIds = PendingWrite.Ids(_writes),
            Exception = cause,
        });
    }

    /// <summary>Takes every kept event for another try; what fails again comes back through <see cref="Retain"/>.</summary>
    public List<PendingWrite> TakeAll()
    {
        var taken = _writes.ToList();
        _writes.Clear();
        Volatile.Write(ref _count, 0);
        return taken;
    }

    /// <summary>After a try of <paramref name="count"/> taken events: when none came back, the episode is over.</summary>
    public void Tried(int count)
    {
        if (_writes.Count == 0)
        {
            _retaining = false;
            LogRetainedDelivered(count);
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Count} buffered audit event(s) could be neither committed nor spooled ({Reason}); they are kept in memory and retried, and new events wait.")]
    private partial void LogRetained(Exception exception, int count, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Count} buffered audit event(s) kept after a failure have now been delivered.")]
    private partial void LogRetainedDelivered(int count);
}
