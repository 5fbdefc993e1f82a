using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// The role-aware histogram: derives the viewer's <see cref="AuditScope"/> as <see cref="AuditReader"/> does, plans the
/// buckets, and lets the store count them (its <see cref="IAuditHistogramStore"/>, or one the host registered) or counts
/// what it streams.
/// </summary>
internal sealed class AuditHistogramReader(
    IAuditStore store,
    IAuditSourceIpPseudonymizer sourceIps,
    IOptions<AuditTrailOptions> options,
    TimeProvider time,
    IAuditHistogramStore? registered = null) : IAuditHistogram, IDisposable
{
    private readonly AuditDisposedGuard _disposed = new(nameof(IAuditHistogram));

    private readonly IAuditHistogramStore? _counting = registered ?? store as IAuditHistogramStore;
    private readonly bool _includeRecordsAboutViewer = options.Value.IncludeRecordsAboutViewer;

    /// <summary>Called by the service provider as it is disposed: later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _disposed.Dispose();

    public async Task<AuditHistogram> GetHistogramAsync(AuditViewer? viewer, AuditQuery query, AuditHistogramInterval interval, CancellationToken cancellationToken = default)
    {
        _disposed.ThrowIfDisposed();
        if (!Enum.IsDefined(interval))
        {
            throw Errors.Argument("interval", $"interval {(int)interval} is not a defined AuditHistogramInterval.");
        }

        var scope = AuditScope.For(viewer, _includeRecordsAboutViewer);
        var filter = scope.Restrict(AuditQueryTranslator.ToFilter(query, sourceIps));
        var now = time.GetUtcNow();
        var to = filter.To ?? (filter.From > now ? filter.From.Value : now);
        var from = filter.From ?? (scope.SeesNothing ? null : await OldestAsync(filter with { To = to }, cancellationToken).ConfigureAwait(false)) ?? to;
        var buckets = AuditHistogramRange.Plan(from, to, filter.From is not null, filter.To is not null, interval);
        from = from < buckets.Start ? buckets.Start : from;
        if (scope.SeesNothing)
        {
            return AuditHistogramAssembler.Assemble(buckets, from, to, []);
        }

        var bounded = filter with { From = from, To = to };
        var cells = _counting is { } counting
            ? await counting.CountPerBucketAsync(bounded, buckets, cancellationToken).ConfigureAwait(false)
            : await AuditHistogramCounter.CountAsync(store.StreamAsync(bounded, cancellationToken), scope, buckets).ConfigureAwait(false);
        return AuditHistogramAssembler.Assemble(buckets, from, to, cells);
    }

    private async Task<DateTimeOffset?> OldestAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        if (_counting is { } counting)
        {
            return await counting.GetEarliestOccurredAtAsync(filter, cancellationToken).ConfigureAwait(false);
        }

        // Newest first: the last record streamed is the oldest.
        DateTimeOffset? oldest = null;
        await foreach (var record in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            oldest = record.OccurredAt;
        }

        return oldest;
    }
}
