using System.Data.Common;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>Inserts through SQLite's C API (<see cref="SqliteRowInserter"/>), which sees a stored id in <c>sqlite3_changes</c>.</summary>
internal sealed class SqliteRowInserterFactory : IAuditRowInserterFactory
{
    // SQLITE_READONLY_DBMOVED: what SQLite itself reports for a moved database outside WAL mode.
    private const int ReadOnly = 8;
    private const int ReadOnlyDbMoved = ReadOnly | (4 << 8);

    public bool ReportsStoredIds => true;

    public ValueTask<IAuditRowInserter> CreateAsync(DbConnection connection, DbTransaction transaction, string insertStatement, CancellationToken cancellationToken = default)
    {
        var sqlite = (SqliteConnection)connection;
        ThrowIfDatabaseFileGone(sqlite);
        return ValueTask.FromResult<IAuditRowInserter>(SqliteRowInserter.Create(sqlite, insertStatement));
    }

    /// <summary>
    /// In WAL mode SQLite goes on writing into a database file that was deleted or moved while open, and a commit there
    /// is lost with it; so a write into a file no longer at its path fails as read-only (persistent: the policy applies),
    /// and the pool lets go of the connections that still have it open.
    /// </summary>
    private static void ThrowIfDatabaseFileGone(SqliteConnection connection)
    {
        var path = connection.DataSource;
        if (string.IsNullOrEmpty(path) || File.Exists(path))
        {
            return;
        }

        SqliteConnection.ClearPool(connection);
        throw new SqliteException(
            $"SQLite Error {ReadOnly}: the database file '{path}' was deleted or moved while open; nothing is written into it, " +
            "since what is committed there would be lost with it. Restart the application to create or open the database at that path again.",
            ReadOnly,
            ReadOnlyDbMoved);
    }
}
