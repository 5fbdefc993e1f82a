using System.Data.Common;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>Inserts through SQLite's C API (<see cref="SqliteRowInserter"/>), which sees a stored id in <c>sqlite3_changes</c>.</summary>
internal sealed class SqliteRowInserterFactory : IAuditRowInserterFactory
{
    public bool ReportsStoredIds => true;

    public ValueTask<IAuditRowInserter> CreateAsync(DbConnection connection, DbTransaction transaction, string insertStatement, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IAuditRowInserter>(SqliteRowInserter.Create((SqliteConnection)connection, insertStatement));
}
