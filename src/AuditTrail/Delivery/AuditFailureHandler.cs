using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// Applies each event's <see cref="AuditFailurePolicy"/> once the store gave up on a batch, or once shutdown ran out
/// of time: fail-closed callers get <see cref="AuditWriteException"/>, fail-open events go to the spool, and buffered
/// events that the spool cannot take either are retained in memory, or, at shutdown, reported as not recorded.
/// Listeners always hear of a failure before the callers it concerns resume.
/// </summary>
internal sealed partial class AuditFailureHandler
{
    private readonly AuditSpoolKeeper _spool;
    private readonly AuditRetainedWrites _retained;
    private readonly AuditStoreHealth _store;
    private readonly AuditFailureReporter _reporter;
    private readonly AuditMetrics _metrics;
    private readonly ILogger _logger;

    public AuditFailureHandler(AuditSpoolKeeper spool, AuditRetainedWrites retained, AuditStoreHealth store, AuditFailureReporter reporter, AuditMetrics metrics, ILogger logger)
    {
        _spool = spool;
        _retained = retained;
        _store = store;
        _reporter = reporter;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The store gave up on the batch after <paramref name="attempts"/> attempt(s): the policies apply.</summary>
    public async Task ApplyPolicyAsync(List<PendingWrite> batch, Exception cause, int attempts, AuditWriteErrorKind kind)
    {
        var why = kind == AuditWriteErrorKind.Persistent
            ? $"the store failed with an error that retrying cannot fix: {cause.Message}"
            : $"the store failed after {attempts} attempt(s): {cause.Message}";

        var failClosed = batch.FindAll(IsFailClosed);
        if (failClosed.Count > 0)
        {
            Reject(failClosed, AuditFailureSource.Store, $"The audit event was not recorded: {why}", cause);
        }

        var failOpen = batch.FindAll(p => !IsFailClosed(p));
        if (failOpen.Count == 0)
        {
            return;
        }

        if (await _spool.TryAppendAsync(failOpen).ConfigureAwait(false) is not { } spoolProblem)
        {
            if (_store.Spooled.TryLog(failOpen.Count, out var earlier))
            {
                LogSpooled(cause, failOpen.Count, _spool.Location!, earlier);
            }

            _reporter.Report(new AuditFailure
            {
                Kind = AuditFailureKind.Permanent,
                Source = AuditFailureSource.Store,
                Outcome = AuditFailureOutcome.Spooled,
                Message = $"{failOpen.Count} fail-open audit event(s) were spooled to '{_spool.Location}' because {why}. They are replayed when the store recovers.",
                EventIds = PendingWrite.Ids(failOpen),
                Attempt = attempts,
                Exception = cause,
            });
            PendingWrite.CompleteAll(failOpen);
            return;
        }

        var source = _spool.Location is null ? AuditFailureSource.Store : AuditFailureSource.Spool;
        var waiting = failOpen.FindAll(p => p.Completion is not null);
        if (waiting.Count > 0)
        {
            Reject(waiting, source, $"The audit event was not recorded: {why}; and {spoolProblem}", cause);
        }

        var buffered = failOpen.FindAll(p => p.Completion is null);
        if (buffered.Count > 0)
        {
            _retained.Retain(buffered, source, $"{why}; and {spoolProblem}", cause);
        }
    }

    /// <summary>Shutdown ran out of time: spool what is fail-open, fail the waiting fail-closed callers, log what is left.</summary>
    public async Task KeepAtShutdownAsync(List<PendingWrite> batch)
    {
        var timedOut = new OperationCanceledException("The host's shutdown timeout passed.");
        var failClosed = batch.FindAll(IsFailClosed);
        if (failClosed.Count > 0)
        {
            Reject(failClosed, AuditFailureSource.Store, "The audit pipeline shut down before the event could be committed.", timedOut);
        }

        var failOpen = batch.FindAll(p => !IsFailClosed(p));
        if (failOpen.Count == 0)
        {
            return;
        }

        if (await _spool.TryAppendAsync(failOpen).ConfigureAwait(false) is not { } spoolProblem)
        {
            LogSpooledAtShutdown(failOpen.Count, _spool.Location!);
            PendingWrite.CompleteAll(failOpen);
            return;
        }

        var waiting = failOpen.FindAll(p => p.Completion is not null);
        if (waiting.Count > 0)
        {
            Reject(waiting, AuditFailureSource.Spool, $"The audit pipeline shut down before the event could be committed, and {spoolProblem}", timedOut);
        }

        var buffered = failOpen.FindAll(p => p.Completion is null);
        if (buffered.Count == 0)
        {
            return;
        }

        _metrics.Failed(buffered.Count);
        var ids = PendingWrite.IdList(buffered);
        LogAbandoned(buffered.Count, spoolProblem, ids);
        _reporter.Report(new AuditFailure
        {
            Kind = AuditFailureKind.Permanent,
            Source = _spool.Location is null ? AuditFailureSource.Store : AuditFailureSource.Spool,
            Outcome = AuditFailureOutcome.NotRecorded,
            Message = $"The audit pipeline shut down with {buffered.Count} buffered event(s) neither committed nor spooled: {spoolProblem}",
            EventIds = PendingWrite.Ids(buffered),
        });
    }

    /// <summary>A caller that waits for a fail-closed event; a fail-closed event nobody waits for (the lifecycle's) is kept like a fail-open one.</summary>
    private static bool IsFailClosed(PendingWrite pending) => pending.Policy == AuditFailurePolicy.FailClosed && pending.Completion is not null;

    private void Reject(List<PendingWrite> writes, AuditFailureSource source, string message, Exception cause)
    {
        LogRejected(cause, writes.Count, message);
        _metrics.Failed(writes.Count);
        var failure = new AuditWriteException(message, cause);

        // Listeners hear of it before the callers resume, so a caller's failure is never news to the host.
        _reporter.Report(new AuditFailure
        {
            Kind = AuditFailureKind.Permanent,
            Source = source,
            Outcome = AuditFailureOutcome.Rejected,
            Message = $"{writes.Count} audit event(s) were rejected to their callers. {message}",
            EventIds = PendingWrite.Ids(writes),
            Exception = cause,
        });
        foreach (var pending in writes)
        {
            pending.Completion!.TrySetException(failure);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Count} audit event(s) were rejected to their callers: {Reason}")]
    private partial void LogRejected(Exception exception, int count, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "The audit pipeline shut down with {Count} buffered event(s) neither committed nor spooled ({Reason}): {Ids}.")]
    private partial void LogAbandoned(int count, string reason, string ids);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The audit store failed; {Count} fail-open event(s) were spooled to '{Directory}' and will be replayed when it recovers.{Earlier}")]
    private partial void LogSpooled(Exception exception, int count, string directory, string earlier);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The host's shutdown timeout passed; {Count} audit event(s) not yet committed were spooled to '{Directory}' and will be replayed at the next start.")]
    private partial void LogSpooledAtShutdown(int count, string directory);
}
