using System.Data.Common;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>A search reads the index file too: a read-only connection, from a pool of its own, with the index file attached.</summary>
internal sealed class SqliteSearchConnectionFactory(SqliteConnectionFactory connections, IAuditSqlDialect dialect, SqliteSearchIndex searchIndex)
    : IAuditReadConnectionFactory
{
    public async ValueTask<DbConnection?> TryOpenAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(filter.Search))
        {
            return null;
        }

        var connection = (SqliteConnection)await connections.OpenReadOnlyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await dialect.PrepareConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            searchIndex.Attach(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
