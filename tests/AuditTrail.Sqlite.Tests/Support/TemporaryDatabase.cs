using AuditTrail.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>A database file in its own temporary directory, deleted (with its WAL and shared-memory files) on dispose.</summary>
public sealed class TemporaryDatabase : IDisposable
{
    public TemporaryDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "audittrail-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "audit.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteAuditStore CreateStore(Action<SqliteAuditStoreOptions>? configure = null)
    {
        var options = new SqliteAuditStoreOptions { DatabasePath = Path };
        configure?.Invoke(options);
        return new SqliteAuditStore(options);
    }

    /// <summary>A connection of its own, outside any pool the store uses: what another process would see.</summary>
    public SqliteConnection OpenSeparateConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000";
        command.ExecuteNonQuery();
        return connection;
    }

    public T Scalar<T>(string sql)
    {
        using var connection = OpenSeparateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Execute(string sql)
    {
        using var connection = OpenSeparateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        // Pooled connections keep the files open; release them before deleting.
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
