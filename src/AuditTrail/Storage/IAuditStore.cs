namespace AuditTrail;

/// <summary>
/// A durable home for audit records that can also be read. Host code does not read a store directly:
/// it goes through <see cref="IAuditReader"/>, which applies the viewer's scope to every
/// <see cref="AuditFilter"/> it hands to the store.
/// </summary>
/// <remarks>
/// Order contract: every read returns records newest first, by <see cref="AuditRecord.OccurredAt"/>
/// descending and then <see cref="AuditRecord.Id"/> descending (ids compared as their lowercase "D" text form).
/// </remarks>
public interface IAuditStore : IAuditSink
{
    /// <summary>Creates or migrates the schema. Idempotent and safe when several processes start at once.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns up to <see cref="AuditStoreQuery.Limit"/> records matching the filter, after the keyset position.</summary>
    /// <param name="query">The filter, position and limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default);

    /// <summary>Streams every record matching the filter, newest first, without holding them all in memory.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Counts the records matching the filter.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the records matching the filter, but no more than <paramref name="limit"/>: the answer is
    /// <c>min(count, limit)</c>, and a store may stop reading at the limit. A store must apply every field of the filter,
    /// its scope above all, exactly as <see cref="CountAsync(AuditFilter, CancellationToken)"/> does.
    /// </summary>
    /// <remarks>
    /// The default implementation, for stores written before it, counts exactly and caps the answer: right, but as
    /// slow as the exact count. Relational stores stop after <paramref name="limit"/> rows.
    /// </remarks>
    /// <param name="filter">The filter, scope included.</param>
    /// <param name="limit">The most rows to count; greater than 0.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The count, at most <paramref name="limit"/>.</returns>
    async Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Math.Min(await CountAsync(filter, cancellationToken).ConfigureAwait(false), limit);
    }

    /// <summary>
    /// Counts as <see cref="CountUpToAsync"/> does, but a count made in steps stops
    /// when the next step would end past <paramref name="timeLimit"/> (measured with <paramref name="timeProvider"/>):
    /// the answer's <see cref="AuditCount.Value"/> is what was counted (at most <paramref name="limit"/>), and
    /// <see cref="AuditCount.IsLowerBound"/> says the count stopped for the time before it reached the limit or the end.
    /// </summary>
    /// <remarks>
    /// The default implementation, for stores written before it, counts up to the limit without a time limit. Relational
    /// stores count a search their full-text index answers in steps; every other count is one statement.
    /// </remarks>
    /// <param name="filter">The filter, scope included.</param>
    /// <param name="limit">The most rows to count; greater than 0.</param>
    /// <param name="timeLimit">How long the count may take; more than zero.</param>
    /// <param name="timeProvider">The clock that measures it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The count, at most <paramref name="limit"/>, and whether the time limit stopped it.</returns>
    async Task<AuditCount> CountWithinAsync(AuditFilter filter, long limit, TimeSpan timeLimit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeLimit, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new AuditCount(await CountUpToAsync(filter, limit, cancellationToken).ConfigureAwait(false), IsLowerBound: false);
    }

    /// <summary>Returns the record with this id, or <see langword="null"/>.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Returns the distinct actors, action types and action codes among the records matching the filter.</summary>
    /// <param name="filter">The filter (usually only its scope restrictions).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes, in one transaction, at most <paramref name="maxRows"/> of the records written first, in write order,
    /// as long as each is older (<see cref="AuditRecord.OccurredAt"/>) than <paramref name="occurredBefore"/>: the purge
    /// stops at the first record to keep, so only a prefix of the trail is ever removed and the hash chain of the
    /// rest stays verifiable from the retention anchor.
    /// </summary>
    /// <param name="occurredBefore">The exclusive cutoff.</param>
    /// <param name="maxRows">The most rows to delete in this call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many rows were deleted.</returns>
    Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default);

    /// <summary>Returns the latest <see cref="AuditRecord.RecordedAt"/> in the store, or <see langword="null"/> when it is empty.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default);
}
