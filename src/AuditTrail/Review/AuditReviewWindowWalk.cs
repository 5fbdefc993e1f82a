using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace AuditTrail;

/// <summary>
/// Walks the time the review's reads cover oldest first, each read in consecutive windows [w0, w1), [w1, w2) … of its
/// own (a sparse read in a few long ones, a dense one in many short ones), and merges the reads into one stream in
/// <see cref="AuditReviewOrder"/>, a whole record winning over the summary of the same id. Each read runs ahead by one
/// window while the detectors take its current one, the reads side by side (a few at a time), as one read over the
/// whole range did. A store's <see cref="AuditFilter.From"/> is inclusive and <see cref="AuditFilter.To"/> exclusive,
/// and it maps both bounds to its own precision the same way, so the windows of a read split its rows without a gap or
/// an overlap, and every record of one window is older than those of the next.
/// </summary>
internal sealed class AuditReviewWindowWalk(IAuditStore store, AuditReviewWindows windows)
{
    /// <summary>
    /// How many reads run at once: two, beside the detectors' own thread (four were slower on two cores, the reads
    /// taking the detectors' CPU while they waited).
    /// </summary>
    private const int Parallelism = 2;

    /// <summary>The records of <paramref name="reads"/> (each bounded by a from and a to) in <see cref="AuditReviewOrder"/>.</summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(IReadOnlyList<AuditReviewRead> reads, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Parallelism);
        var cursors = reads.Select(read => new Cursor(read)).ToList();
        var producers = cursors.Select(c => ProduceAsync(c, gate, stop.Token)).ToList();
        try
        {
            // Whole before summary for one id: both come at the same place in the order, the whole one first.
            var queue = new PriorityQueue<Cursor, (AuditRecord Record, bool Summary)>(Comparer<(AuditRecord Record, bool Summary)>.Create(
                (a, b) => AuditReviewOrder.Compare(a.Record, b.Record) is var c && c != 0 ? c : a.Summary.CompareTo(b.Summary)));
            foreach (var cursor in cursors)
            {
                if (await cursor.MoveNextAsync(stop.Token).ConfigureAwait(false))
                {
                    queue.Enqueue(cursor, (cursor.Current, cursor.Read.Summary));
                }
            }

            Guid? last = null;
            while (queue.TryDequeue(out var cursor, out var head))
            {
                if (head.Record.Id != last)
                {
                    last = head.Record.Id;
                    yield return head.Record;
                }

                if (await cursor.MoveNextAsync(stop.Token).ConfigureAwait(false))
                {
                    queue.Enqueue(cursor, (cursor.Current, cursor.Read.Summary));
                }
            }

            await Task.WhenAll(producers).ConfigureAwait(false);
        }
        finally
        {
            // A walk left early (the consumer stopped, or failed) stops the reads ahead and waits for them.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(producers).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads the windows of one read into its cursor, one window ahead of what the merge took.</summary>
    private async Task ProduceAsync(Cursor cursor, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            var (start, end) = (From(cursor.Read), To(cursor.Read));
            var span = windows.InitialSpan;
            while (start < end)
            {
                var stop = Min(end, AuditReviewTime.After(start, span));
                List<AuditRecord>? found;
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var filter = cursor.Read.Filter with { From = start, To = stop };
                    found = await ReadAsync(cursor.Read with { Filter = filter }, span > windows.MinSpan ? windows.Limit : int.MaxValue, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }

                if (found is null)
                {
                    // Denser than the last window by far: read it again, shorter.
                    span = windows.Shorter(span, 4);
                    continue;
                }

                found.Sort(AuditReviewOrder.Compare);
                await cursor.Windows.Writer.WriteAsync(found, cancellationToken).ConfigureAwait(false);
                span = windows.Next(span, found.Count);
                start = stop;
            }

            cursor.Windows.Writer.TryComplete();
        }
        catch (Exception e)
        {
            cursor.Windows.Writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>The records of one window of a read, or <see langword="null"/> past <paramref name="limit"/> of them.</summary>
    private async Task<List<AuditRecord>?> ReadAsync(AuditReviewRead read, int limit, CancellationToken cancellationToken)
    {
        var found = new List<AuditRecord>();
        await foreach (var record in read.StreamAsync(store, cancellationToken).ConfigureAwait(false))
        {
            if (found.Count == limit)
            {
                return null;
            }

            found.Add(record);
        }

        return found;
    }

    private static DateTimeOffset From(AuditReviewRead read) => read.Filter.From ?? DateTimeOffset.MinValue;

    private static DateTimeOffset To(AuditReviewRead read) => read.Filter.To ?? DateTimeOffset.MaxValue;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>One read's windows, read ahead by one, and where the merge is in the current one.</summary>
    private sealed class Cursor(AuditReviewRead read)
    {
        private List<AuditRecord> _window = [];
        private int _next;

        public AuditReviewRead Read { get; } = read;

        /// <summary>The windows read and not yet taken: one waits while the merge takes the current one.</summary>
        public Channel<List<AuditRecord>> Windows { get; } = Channel.CreateBounded<List<AuditRecord>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });

        public AuditRecord Current { get; private set; } = null!;

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            while (_next == _window.Count)
            {
                // The window taken is let go before the next is waited for.
                _window = [];
                _next = 0;
                if (!await Windows.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                _window = await Windows.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }

            Current = _window[_next++];
            return true;
        }
    }
}
