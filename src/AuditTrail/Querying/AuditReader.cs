using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>The role-aware reader: every method derives the viewer's <see cref="AuditScope"/> and reads the store only through it.</summary>
internal sealed class AuditReader(IAuditStore store, IAuditSourceIpPseudonymizer sourceIps, IOptions<AuditTrailOptions> options, TimeProvider timeProvider) : IAuditReader, IDisposable
{
    private readonly bool _includeRecordsAboutViewer = options.Value.IncludeRecordsAboutViewer;
    private readonly AuditDisposedGuard _disposed = new(nameof(IAuditReader));

    /// <summary>Called by the service provider as it is disposed: later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _disposed.Dispose();

    public async Task<AuditPage> QueryAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var scope = ScopeOf(viewer);
        var filter = scope.Restrict(AuditQueryTranslator.ToFilter(query, sourceIps));
        var limit = AuditQueryTranslator.Limit(query);
        AuditPosition? after = query.Cursor is null ? null : AuditCursor.Decode(query.Cursor, filter);
        if (scope.SeesNothing)
        {
            return new AuditPage([], null);
        }

        // One extra row tells whether another page exists without a count.
        var rows = await store.QueryAsync(new AuditStoreQuery(filter, after, limit + 1), cancellationToken).ConfigureAwait(false);
        var items = rows.Take(limit).Where(scope.Permits).ToList();
        var next = rows.Count > limit
            ? AuditCursor.Encode(new AuditPosition(rows[limit - 1].OccurredAt, rows[limit - 1].Id), filter)
            : null;
        return new AuditPage(items, next);
    }

    public async Task<AuditRecord?> GetAsync(AuditViewer? viewer, Guid id, CancellationToken cancellationToken = default)
    {
        var scope = ScopeOf(viewer);
        if (scope.SeesNothing)
        {
            return null;
        }

        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return record is not null && scope.Permits(record) ? record : null;
    }

    public async Task<long> CountAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var scope = ScopeOf(viewer);
        var filter = scope.Restrict(AuditQueryTranslator.ToFilter(query, sourceIps));
        return scope.SeesNothing ? 0 : await store.CountAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditCount> GetCountAsync(AuditViewer? viewer, AuditQuery query, AuditCountOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var atMost = options.ValidatedAtMost();
        var timeLimit = options.ValidatedTimeLimit();
        var scope = ScopeOf(viewer);
        var filter = scope.Restrict(AuditQueryTranslator.ToFilter(query, sourceIps));
        if (scope.SeesNothing)
        {
            return new AuditCount(0, IsLowerBound: false);
        }

        // A count in steps walks a search index that spans every tenant and user, so when its time runs out depends on
        // how often the term occurs outside the scope; only a viewer who sees every record is counted against the time.
        if (timeLimit is { } time && scope.SeesEveryRecord)
        {
            // Without a cap, the count runs to the end unless the time runs out first.
            var limit = atMost ?? long.MaxValue - 1;
            var timed = await store.CountWithinAsync(filter, limit + 1, time, timeProvider, cancellationToken).ConfigureAwait(false);
            return timed.Value > limit ? new AuditCount(limit, IsLowerBound: true) : timed;
        }

        if (atMost is not { } cap)
        {
            return new AuditCount(await store.CountAsync(filter, cancellationToken).ConfigureAwait(false), IsLowerBound: false);
        }

        // One row past the cap tells "more than the cap" from "exactly the cap".
        var counted = await store.CountUpToAsync(filter, cap + 1, cancellationToken).ConfigureAwait(false);
        return AuditCount.FromCountUpTo(counted, cap);
    }

    public async Task<AuditFacets> GetFacetsAsync(AuditViewer? viewer, CancellationToken cancellationToken = default)
    {
        var scope = ScopeOf(viewer);
        return scope.SeesNothing
            ? AuditFacets.Empty
            : await store.GetFacetsAsync(scope.Restrict(AuditFilter.All), cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var scope = ScopeOf(viewer);
        var filter = scope.Restrict(AuditQueryTranslator.ToFilter(query, sourceIps));
        return scope.SeesNothing ? AsyncEnumerable.Empty<AuditRecord>() : StreamScopedAsync(scope, filter, cancellationToken);
    }

    public async Task<long> ExportAsync(AuditViewer? viewer, AuditQuery query, AuditExportFormat format, Stream destination, CancellationToken cancellationToken = default)
    {
        _disposed.ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written to; give a writable stream.", nameof(destination));
        }

        var exporter = AuditExporter.For(format, options.Value.Ocsf);
        var records = StreamAsync(viewer, query, cancellationToken);
        return await exporter.WriteAsync(records, destination, cancellationToken).ConfigureAwait(false);
    }

    private AuditScope ScopeOf(AuditViewer? viewer)
    {
        // Every read starts here.
        _disposed.ThrowIfDisposed();
        return AuditScope.For(viewer, _includeRecordsAboutViewer);
    }

    private async IAsyncEnumerable<AuditRecord> StreamScopedAsync(AuditScope scope, AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            // A store reads pages; without this, a cancelled enumeration would go on through the page in hand.
            cancellationToken.ThrowIfCancellationRequested();
            _disposed.ThrowIfDisposed();
            if (scope.Permits(record))
            {
                yield return record;
            }
        }
    }
}
