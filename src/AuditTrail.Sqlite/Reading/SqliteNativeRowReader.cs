using System.Data.Common;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// Reads rows through SQLite's C API (<see cref="SqliteRowReader"/>). A query reads on a raw read-only connection from
/// the store's own small pool when the store has a file path: without the per-call mutex of ADO.NET's serialized
/// connections (one lock per column value), an export reads its rows about a tenth faster. The search index lives in
/// the same database file, so search pages read there too.
/// </summary>
internal sealed class SqliteNativeRowReader(SqliteConnectionFactory connections) : IAuditRowReader
{
    public ValueTask<IReadOnlyList<AuditRow>?> TryReadAsync(DbConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SqliteRowReader.TryRead((SqliteConnection)connection, sql, parameters, cancellationToken));

    public ValueTask<IReadOnlyList<AuditRow>?> TryReadOnOwnConnectionAsync(AuditFilter filter, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default)
    {
        if (!SqliteNativeValues.IsAvailable || connections.RentRawReadOnly() is not { } db)
        {
            return ValueTask.FromResult<IReadOnlyList<AuditRow>?>(null);
        }

        try
        {
            return ValueTask.FromResult(SqliteRowReader.TryRead(db, sql, parameters, cancellationToken));
        }
        finally
        {
            connections.ReturnRawReadOnly(db);
        }
    }
}
