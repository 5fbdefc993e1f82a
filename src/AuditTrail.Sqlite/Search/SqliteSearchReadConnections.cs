using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Gives the statements of a search (count, facets, a page when the raw reader is not used) a connection with the
/// index file attached; every other read uses the store's own pooled connections.
/// </summary>
internal sealed class SqliteSearchReadConnections(SqliteSearchFile file) : IAuditReadConnectionFactory
{
    public async ValueTask<DbConnection?> TryOpenAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Search is null || !file.IsAvailable ? null : await file.OpenAsync(cancellationToken).ConfigureAwait(false);
    }
}
