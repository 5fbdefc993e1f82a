using System.Diagnostics;
using System.Threading.Channels;

namespace AuditTrail;

/// <summary>
/// The bounded channel between callers and the single writer, and how the writer takes batches from it: whatever is
/// waiting, up to <see cref="AuditTrailOptions.MaxBatchSize"/> (group commit), held open briefly for the callers the
/// previous commit released (<see cref="AuditTrailOptions.GroupCommitWait"/>). A full channel makes callers wait.
/// </summary>
internal sealed class AuditBatcher
{
    /// <summary>Below this much of <see cref="AuditTrailOptions.GroupCommitWait"/> left, the writer yields instead of setting a timer.</summary>
    private static readonly TimeSpan SpinWaitLimit = TimeSpan.FromMilliseconds(2);

    private readonly Channel<PendingWrite> _channel;
    private readonly AuditTrailOptions _options;
    private readonly TimeProvider _timeProvider;
    private volatile bool _closed;
    private int _inFlightAtCommit;
    private long _heldBatches;
    private PendingWrite? _setAside;

    public AuditBatcher(AuditTrailOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _channel = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>What woke the writer.</summary>
    public enum Wake
    {
        Work,
        ReplayDue,
        Completed,
    }

    /// <summary>How many events wait in the channel.</summary>
    public int Count => _channel.Reader.Count;

    public bool IsClosed => _closed;

    /// <summary>How many batches were held open for callers released by the previous commit.</summary>
    public long HeldBatches => Interlocked.Read(ref _heldBatches);

    /// <summary>Queues an event; waits while the channel is full. Throws <see cref="ChannelClosedException"/> once closed.</summary>
    public ValueTask WriteAsync(PendingWrite pending, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(pending, cancellationToken);

    /// <summary>Keeps the last event of a shutdown that found the channel full; the writer takes it after everything queued.</summary>
    public void SetAside(PendingWrite pending) => Volatile.Write(ref _setAside, pending);

    public PendingWrite? TakeSetAside() => Interlocked.Exchange(ref _setAside, null);

    /// <summary>Accepts no more events; the writer drains what is queued.</summary>
    public void Close()
    {
        _closed = true;
        _channel.Writer.TryComplete();
    }

    /// <summary>Everything still queued, after the writer failed.</summary>
    public List<PendingWrite> Drain()
    {
        var drained = new List<PendingWrite>();
        while (_channel.Reader.TryRead(out var pending))
        {
            drained.Add(pending);
        }

        return drained;
    }

    /// <summary>Waits for events; while the spool holds events, wakes every replay interval to try the store again.</summary>
    public async Task<Wake> WaitForWorkAsync(bool spoolPending, CancellationToken shutdown)
    {
        var reader = _channel.Reader;
        if (!spoolPending || shutdown.IsCancellationRequested)
        {
            return await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false) ? Wake.Work : Wake.Completed;
        }

        using var interval = new CancellationTokenSource(_options.Spool.ReplayInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(interval.Token, shutdown);
        try
        {
            return await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false) ? Wake.Work : Wake.Completed;
        }
        catch (OperationCanceledException) when (interval.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            return Wake.ReplayDue;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return Wake.Work;
        }
    }

    /// <summary>
    /// While a batch is in flight: waits until events are queued (<see langword="true"/>) or <paramref name="until"/>
    /// completes first, or the channel is closed and drained (<see langword="false"/>).
    /// </summary>
    public async Task<bool> WaitForEventsAsync(Task until)
    {
        var reader = _channel.Reader;
        if (reader.Count > 0 || until.IsCompleted)
        {
            return reader.Count > 0;
        }

        using var stop = new CancellationTokenSource();
        var waiting = reader.WaitToReadAsync(stop.Token).AsTask();
        if (await Task.WhenAny(waiting, until).ConfigureAwait(false) == waiting)
        {
            return await waiting.ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await waiting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped waiting: the batch in flight finished first.
        }

        return reader.Count > 0;
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with what waits, at most <see cref="AuditTrailOptions.MaxBatchSize"/> unless
    /// <paramref name="all"/> (shutdown has run out of time: everything left goes to the spool in one synced append),
    /// then holds it open for the callers the previous commit released.
    /// </summary>
    public async Task TakeBatchAsync(List<PendingWrite> batch, bool all)
    {
        var limit = all ? int.MaxValue : _options.MaxBatchSize;
        batch.Clear();
        while (batch.Count < limit && _channel.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }

        if (all || batch.Count == 0)
        {
            return;
        }

        var expected = Math.Min(_inFlightAtCommit, limit);
        if (expected > batch.Count && _options.GroupCommitWait > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _heldBatches);
            await AwaitReleasedCallersAsync(batch, expected).ConfigureAwait(false);
        }

        _inFlightAtCommit = 0;
    }

    /// <summary>Called once a batch is committed and before its callers resume: they, and the events queued behind them, are in flight.</summary>
    public void Committed(List<PendingWrite> batch)
    {
        var released = batch.Count(p => p.Completion is not null);
        _inFlightAtCommit = released > 0 ? released + _channel.Reader.Count : 0;
    }

    /// <summary>
    /// Group commit across commits: callers released by the previous commit log again on other threads, just after
    /// this batch was taken. Waits, at most <see cref="AuditTrailOptions.GroupCommitWait"/>, until the batch holds
    /// <paramref name="target"/> events, so they share this transaction instead of forming the next, half-size one.
    /// The deadline is wall time on purpose: it bounds a latency, and a test's fake clock must not stall the writer.
    /// </summary>
    private async Task AwaitReleasedCallersAsync(List<PendingWrite> batch, int target)
    {
        var reader = _channel.Reader;
        var started = Stopwatch.GetTimestamp();
        while (batch.Count < target)
        {
            if (reader.TryRead(out var pending))
            {
                batch.Add(pending);
                continue;
            }

            var left = _options.GroupCommitWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || _closed)
            {
                return;
            }

            if (left < SpinWaitLimit)
            {
                // Lets the released callers' continuations run; a timer cannot wake the writer within a millisecond.
                await Task.Yield();
                continue;
            }

            using var timeout = new CancellationTokenSource(left);
            try
            {
                await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
