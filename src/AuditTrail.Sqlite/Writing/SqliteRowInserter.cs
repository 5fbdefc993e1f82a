using AuditTrail.Relational;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditTrail.Sqlite;

/// <summary>
/// The insert of a write transaction through SQLite's C API: one statement prepared per transaction, parameters bound
/// by position (ADO.NET looks each one up by name on every execution), and the <c>ON CONFLICT (id) DO NOTHING</c> of a
/// stored id seen in <c>sqlite3_changes</c>, so no query of stored ids precedes the inserts.
/// </summary>
internal sealed class SqliteRowInserter : IAuditRowInserter
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly SqliteValueBinder _binder = new();

    private SqliteRowInserter(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>Prepares <paramref name="insert"/>, whose parameters must be <c>@</c> + each of <see cref="AuditColumns.Inserted"/>, in order.</summary>
    public static SqliteRowInserter Create(SqliteConnection connection, string insert)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, insert, out var statement, out var tail);
        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            if (!string.IsNullOrWhiteSpace(tail) || raw.sqlite3_bind_parameter_count(statement) != AuditColumns.Inserted.Count)
            {
                throw new InvalidOperationException("The insert statement must be one statement with one parameter per inserted column.");
            }

            for (var c = 0; c < AuditColumns.Inserted.Count; c++)
            {
                if (raw.sqlite3_bind_parameter_index(statement, "@" + AuditColumns.Inserted[c]) != c + 1)
                {
                    throw new InvalidOperationException($"The insert statement must bind @{AuditColumns.Inserted[c]} as parameter {c + 1}.");
                }
            }

            return new SqliteRowInserter(db, statement);
        }
        catch
        {
            statement?.Dispose();
            throw;
        }
    }

    public ValueTask<bool> TryInsertAsync(object?[] values, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            for (var c = 0; c < values.Length; c++)
            {
                var index = c + 1;
                var rc = _binder.TryBind(_statement, index, values[c])
                    ?? throw new InvalidOperationException($"The column {AuditColumns.Inserted[c]} has a value of type {values[c]!.GetType().Name}, which the SQLite insert does not bind.");
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            var step = raw.sqlite3_step(_statement);
            if (step != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(step, _db);
            }

            // 0 when ON CONFLICT (id) DO NOTHING found the id stored (or earlier in this transaction).
            return ValueTask.FromResult(raw.sqlite3_changes(_db) == 1);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
