using Microsoft.Extensions.Logging;
using Polly;

namespace AuditTrail;

/// <summary>
/// Commits a batch to the sink, after the spool's backlog so the store receives events in the order they were
/// accepted, through the <see cref="AuditWriteRetry"/> pipeline. When the pipeline gives up, or shutdown runs out of
/// time, the <see cref="AuditFailureHandler"/> applies the events' policies.
/// </summary>
internal sealed partial class AuditBatchCommitter
{
    private readonly IAuditSink _sink;
    private readonly AuditWriteRetry _retry;
    private readonly AuditSpoolKeeper _spool;
    private readonly AuditFailureHandler _failures;
    private readonly AuditWriteErrorClassification _classification;
    private readonly AuditStoreHealth _store;
    private readonly AuditFailureReporter _reporter;
    private readonly AuditMetrics _metrics;
    private readonly ILogger _logger;

    public AuditBatchCommitter(
        IAuditSink sink,
        AuditWriteRetry retry,
        AuditSpoolKeeper spool,
        AuditFailureHandler failures,
        AuditWriteErrorClassification classification,
        AuditStoreHealth store,
        AuditFailureReporter reporter,
        AuditMetrics metrics,
        ILogger logger)
    {
        _sink = sink;
        _retry = retry;
        _spool = spool;
        _failures = failures;
        _classification = classification;
        _store = store;
        _reporter = reporter;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Writes the batch; returns <see langword="true"/> once it is committed (its callers are not yet released), or
    /// <see langword="false"/> once the failure policies were applied to it.
    /// </summary>
    public async Task<bool> TryCommitAsync(List<PendingWrite> batch, CancellationToken shutdown)
    {
        var attempt = new Attempt(this, batch);
        var context = ResilienceContextPool.Shared.Get(shutdown);
        try
        {
            await _retry.Pipeline.ExecuteAsync(static (context, attempt) => attempt.RunAsync(context.CancellationToken), context, attempt).ConfigureAwait(false);
            _store.Failure = null;
            _spool.StoreTookEvents();
            _metrics.Committed(batch.Count);
            return true;
        }
        catch (Exception ex) when (!shutdown.IsCancellationRequested)
        {
            await _failures.ApplyPolicyAsync(batch, ex, attempt.Number, _classification.Classify(ex)).ConfigureAwait(false);
            return false;
        }
        catch (Exception) when (shutdown.IsCancellationRequested)
        {
            await _failures.KeepAtShutdownAsync(batch).ConfigureAwait(false);
            return false;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Sends <paramref name="batch"/> behind <paramref name="predecessor"/>, whose write may still be running, once and
    /// without retries or failure policies: <see langword="true"/> once it is committed; <see langword="false"/> when
    /// nothing was written (a predecessor id was not stored when it took its turn) or the write failed, after which the
    /// writer commits it the ordinary way (<see cref="TryCommitAsync"/>).
    /// </summary>
    public async Task<bool> TryWriteAfterAsync(IAuditOrderedSink sink, List<PendingWrite> batch, List<PendingWrite> predecessor, CancellationToken shutdown)
    {
        try
        {
            if (!await sink.WriteAfterAsync(batch.ConvertAll(p => p.Record), PendingWrite.Ids(predecessor), shutdown).ConfigureAwait(false))
            {
                LogSentAheadTooSoon(batch.Count);
                return false;
            }
        }
        catch (Exception ex)
        {
            // The ordinary write that follows retries it and reports what fails again.
            LogSentAheadFailed(ex, batch.Count);
            return false;
        }

        _store.Failure = null;
        _spool.StoreTookEvents();
        _metrics.Committed(batch.Count);
        return true;
    }

    /// <summary>An attempt after a failed one is a retry, whichever strategy decided it: reported and counted here.</summary>
    private void Retrying(List<PendingWrite> batch, Exception failure, int failedAttempt)
    {
        _metrics.Retried();
        if (_store.Retries.TryLog(batch.Count, out var earlier))
        {
            LogRetry(failure, batch.Count, failedAttempt, earlier);
        }

        _reporter.Report(new AuditFailure
        {
            Kind = AuditFailureKind.Temporary,
            Source = AuditFailureSource.Store,
            Outcome = AuditFailureOutcome.Retrying,
            Message = $"Writing {batch.Count} audit event(s) failed on attempt {failedAttempt}; retrying: {failure.Message}",
            EventIds = PendingWrite.Ids(batch),
            Attempt = failedAttempt,
            Exception = failure,
        });
    }

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "A batch of {Count} audit event(s) sent before its predecessor's commit returned was not written (the predecessor was not stored yet); it is written again after it.")]
    private partial void LogSentAheadTooSoon(int count);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "A batch of {Count} audit event(s) sent before its predecessor's commit returned failed; it is written again after it.")]
    private partial void LogSentAheadFailed(Exception exception, int count);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Writing a batch of {Count} audit event(s) failed on attempt {Attempt}; retrying.{Earlier}")]
    private partial void LogRetry(Exception exception, int count, int attempt, string earlier);

    /// <summary>The attempts at one batch: each replays the spool's backlog, then writes the batch.</summary>
    private sealed class Attempt(AuditBatchCommitter committer, List<PendingWrite> batch)
    {
        private readonly List<AuditRecord> _records = batch.ConvertAll(p => p.Record);
        private Exception? _lastFailure;

        /// <summary>How many attempts were made.</summary>
        public int Number { get; private set; }

        public async ValueTask RunAsync(CancellationToken cancellationToken)
        {
            Number++;
            if (_lastFailure is { } failure)
            {
                committer.Retrying(batch, failure, Number - 1);
            }

            try
            {
                await committer._spool.ReplayAsync(cancellationToken).ConfigureAwait(false);
                await committer._sink.WriteAsync(_records, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                committer._store.Failure = ex;
                _lastFailure = ex;
                throw;
            }
        }
    }
}
