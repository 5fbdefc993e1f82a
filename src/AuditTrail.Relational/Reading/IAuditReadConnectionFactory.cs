using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// Opens the connection for the statements of a filtered read (count, facets, a page, a search), given to
/// <see cref="RelationalAuditStore"/> through <see cref="RelationalAuditStoreStrategies.ReadConnections"/>: for a
/// search whose index needs more than the store's own connection (a read-only pool, an attached index).
/// </summary>
public interface IAuditReadConnectionFactory
{
    /// <summary>Opens a connection for the statements of <paramref name="filter"/>.</summary>
    /// <param name="filter">The filter of the read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// An open connection with the dialect's <see cref="IAuditSqlDialect.PrepareConnectionAsync"/> applied, which the
    /// store disposes after the read; or <see langword="null"/> to use a connection of the store's own factory.
    /// </returns>
    ValueTask<DbConnection?> TryOpenAsync(AuditFilter filter, CancellationToken cancellationToken = default);
}
