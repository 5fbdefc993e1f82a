namespace AuditTrail;

/// <summary>
/// The role-aware way to read the trail. Every method takes the <see cref="AuditViewer"/> who reads:
/// an admin sees everything, any other viewer only their own actions, and a <see langword="null"/>
/// viewer nothing at all. The same scoping applies to every method. A viewer whose id or tenant no record can hold as
/// given (longer than <see cref="AuditLimits.ActorId"/> or <see cref="AuditLimits.TenantId"/>, or with a NUL or a lone
/// surrogate, which records store cut or repaired) makes every method throw an <see cref="ArgumentException"/> naming
/// <c>viewer.Id</c> or <c>viewer.TenantId</c>. Once the service provider that created it (the host) is disposed, every
/// method throws <see cref="ObjectDisposedException"/> naming <c>IAuditReader</c>, as <see cref="IAuditLogger.LogAsync"/>
/// does after shutdown, rather than open the store the host closed again.
/// </summary>
public interface IAuditReader
{
    /// <summary>Returns one page of records, newest first.</summary>
    /// <param name="viewer">Who reads; <see langword="null"/> sees nothing.</param>
    /// <param name="query">Filters, page size and cursor.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException">The query has an out-of-range limit, a malformed or tampered cursor, or another invalid value; the message names it.</exception>
    Task<AuditPage> QueryAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Returns one record, or <see langword="null"/> when it does not exist or is outside the viewer's scope.</summary>
    /// <param name="viewer">Who reads.</param>
    /// <param name="id">The event id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditRecord?> GetAsync(AuditViewer? viewer, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Counts the records the query matches within the viewer's scope (limit and cursor are ignored).</summary>
    /// <param name="viewer">Who reads.</param>
    /// <param name="query">Filters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<long> CountAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the records the query matches within the viewer's scope, exactly (as <see cref="CountAsync"/>) or, with
    /// <see cref="AuditCountOptions.AtMost"/>, up to a cap: a count past the cap comes back as the cap with
    /// <see cref="AuditCount.IsLowerBound"/> set, after reading at most cap + 1 matching rows (limit and cursor are ignored).
    /// </summary>
    /// <remarks>
    /// The default implementation, for readers written before it, counts exactly and caps the answer; the library's
    /// reader asks the store to stop at the cap (<see cref="IAuditStore.CountUpToAsync"/>)
    /// and, with <see cref="AuditCountOptions.TimeLimit"/>, at the time limit (<see cref="IAuditStore.CountWithinAsync"/>) for a viewer who sees
    /// the whole trail (an admin without a tenant; any other viewer's count is bounded by the cap alone, so that it depends only on the records in
    /// their scope); the default ignores the time limit.
    /// </remarks>
    /// <param name="viewer">Who reads.</param>
    /// <param name="query">Filters.</param>
    /// <param name="options">Exact, or up to a cap.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AuditCountOptions.AtMost"/> is not between 1 and <see cref="long.MaxValue"/> - 1 (parameter <c>options.AtMost</c>), or <see cref="AuditCountOptions.TimeLimit"/> is not more than zero and at most a minute (parameter <c>options.TimeLimit</c>).</exception>
    async Task<AuditCount> GetCountAsync(AuditViewer? viewer, AuditQuery query, AuditCountOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var atMost = options.ValidatedAtMost();
        _ = options.ValidatedTimeLimit();
        var count = await CountAsync(viewer, query, cancellationToken).ConfigureAwait(false);
        return atMost is { } cap ? AuditCount.FromCountUpTo(count, cap) : new AuditCount(count, IsLowerBound: false);
    }

    /// <summary>Returns the actors, action types and action codes within the viewer's scope, for filter dropdowns.</summary>
    /// <param name="viewer">Who reads.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditFacets> GetFacetsAsync(AuditViewer? viewer, CancellationToken cancellationToken = default);

    /// <summary>Streams every record the query matches within the viewer's scope (limit and cursor are ignored).</summary>
    /// <param name="viewer">Who reads.</param>
    /// <param name="query">Filters.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<AuditRecord> StreamAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes every record the query matches within the viewer's scope to <paramref name="destination"/>,
    /// newest first, streamed (memory does not grow with the number of rows).
    /// </summary>
    /// <param name="viewer">Who reads.</param>
    /// <param name="query">Filters (limit and cursor are ignored).</param>
    /// <param name="format">CSV, JSON Lines or OCSF events as JSON Lines.</param>
    /// <param name="destination">The stream to write to; it is flushed, not closed.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many records were written.</returns>
    Task<long> ExportAsync(AuditViewer? viewer, AuditQuery query, AuditExportFormat format, Stream destination, CancellationToken cancellationToken = default);
}
