using System.Runtime.CompilerServices;

namespace AuditTrail;

/// <summary>
/// Walks the time the review's reads cover in consecutive windows [w0, w1), [w1, w2) …, oldest first: each window runs
/// every read whose own range overlaps it, restricted to the overlap, and hands over their records merged and in time
/// order before the next window is read. A store's <see cref="AuditFilter.From"/> is inclusive and
/// <see cref="AuditFilter.To"/> exclusive, and it maps both bounds to its own precision the same way, so the windows
/// of a read split its rows without a gap or an overlap, and every record of one window is older than those of the next.
/// </summary>
internal sealed class AuditReviewWindowWalk(IAuditStore store, AuditReviewWindows windows)
{
    /// <summary>The records of <paramref name="reads"/> (each bounded by a from and a to) in <see cref="AuditReviewOrder"/>.</summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(IReadOnlyList<AuditReviewRead> reads, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (reads.Count == 0)
        {
            yield break;
        }

        var end = reads.Max(To);
        var span = windows.InitialSpan;
        for (var start = reads.Min(From); start < end;)
        {
            var stop = Min(end, AuditReviewTime.After(start, span));
            var limit = span > windows.MinSpan ? windows.Limit : int.MaxValue;
            var overlapping = reads.Where(r => From(r) < stop && To(r) > start)
                .Select(r => r with { Filter = r.Filter with { From = Max(From(r), start), To = Min(To(r), stop) } })
                .ToList();
            var found = overlapping.Count == 0 ? [] : await AuditReviewRead.ReadAllAsync(store, overlapping, limit, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                // Denser than the last window by far: read it again, shorter.
                span = windows.Shorter(span, 4);
                continue;
            }

            var ordered = found.Values.ToList();
            found = null;
            ordered.Sort(AuditReviewOrder.Compare);
            foreach (var record in ordered)
            {
                yield return record;
            }

            span = windows.Next(span, ordered.Count);
            start = stop;
        }
    }

    private static DateTimeOffset From(AuditReviewRead read) => read.Filter.From ?? DateTimeOffset.MinValue;

    private static DateTimeOffset To(AuditReviewRead read) => read.Filter.To ?? DateTimeOffset.MaxValue;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
