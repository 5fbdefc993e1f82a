namespace AuditTrail;

/// <summary>
/// Counts records per hour or day, stacked by action type, with the same filters and the same scope as
/// <see cref="IAuditReader"/>: an admin counts everything of their tenant, any other viewer only the records they may
/// read, and a <see langword="null"/> viewer nothing. Once the service provider that created it is disposed, it throws
/// <see cref="ObjectDisposedException"/> naming <c>IAuditHistogram</c>.
/// </summary>
public interface IAuditHistogram
{
    /// <summary>Returns the histogram of the records the query matches within the viewer's scope (limit and cursor are ignored).</summary>
    /// <param name="viewer">Who reads; <see langword="null"/> sees nothing (every bucket empty).</param>
    /// <param name="query">
    /// Filters. Without <see cref="AuditQuery.From"/> the range starts at the oldest matching record, at most
    /// <see cref="AuditHistogram.MaxBuckets"/> buckets before its end; without <see cref="AuditQuery.To"/> it ends now.
    /// </param>
    /// <param name="interval">The bucket width, or <see cref="AuditHistogramInterval.Auto"/> to choose it from the range.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException">
    /// The query is invalid (as for <see cref="IAuditReader.QueryAsync"/>), the interval is not defined, or the explicit range
    /// holds more than <see cref="AuditHistogram.MaxBuckets"/> buckets; the message names the parameter.
    /// </exception>
    Task<AuditHistogram> GetHistogramAsync(AuditViewer? viewer, AuditQuery query, AuditHistogramInterval interval, CancellationToken cancellationToken = default);
}
