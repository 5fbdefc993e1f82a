using AuditTrail.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>
/// A database file in its own temporary directory, deleted (with its WAL and shared-memory files) on dispose, after
/// the stores created on it are disposed.
/// </summary>
public sealed class TemporaryDatabase : IDisposable
{
    private readonly List<SqliteAuditStore> _stores = [];

    public TemporaryDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "audittrail-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "audit.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>The search index file beside the database.</summary>
    public string IndexPath => Path + "-fts";

    /// <summary>Where schema v4 kept the search index, beside the database; the store deletes it after migrating.</summary>
    public string LegacySearchIndexPath => Path + "-search";

    /// <summary>A store on <see cref="Path"/>, disposed (its background indexing stopped) before the files are deleted.</summary>
    public SqliteAuditStore CreateStore(Action<SqliteAuditStoreOptions>? configure = null)
    {
        var options = new SqliteAuditStoreOptions { DatabasePath = Path };
        configure?.Invoke(options);
        return Track(new SqliteAuditStore(options));
    }

    /// <summary>
    /// Disposes <paramref name="store"/> with this database, before its files are deleted: a background indexer still
    /// running would reopen (and recreate) files in the directory while it is being removed.
    /// </summary>
    public SqliteAuditStore Track(SqliteAuditStore store)
    {
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    /// <summary>A connection of its own, outside any pool the store uses: what another process would see.</summary>
    public SqliteConnection OpenSeparateConnection() => OpenSeparateConnection(Path);

    /// <summary>A connection of its own to <paramref name="file"/>.</summary>
    public static SqliteConnection OpenSeparateConnection(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// A connection of its own that has read <paramref name="file"/>: while it is open, the file's write-ahead log stays
    /// in place whatever other tests do to the shared pools (the last connection to close folds the log into the file and
    /// deletes it). Opening alone does not count: a connection holds the log from its first read on.
    /// </summary>
    public static SqliteConnection HoldLog(string file)
    {
        var connection = OpenSeparateConnection(file);
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT count(*) FROM sqlite_master";
        read.ExecuteScalar();
        return connection;
    }

    public T Scalar<T>(string sql) => Scalar<T>(Path, sql);

    public static T Scalar<T>(string file, string sql)
    {
        using var connection = OpenSeparateConnection(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A scalar read from the search index file (its tables: the FTS5 index and the state table).</summary>
    public T IndexScalar<T>(string sql) => Scalar<T>(IndexPath, sql);

    public void IndexExecute(string sql) => Execute(IndexPath, sql);

    public void Execute(string sql) => Execute(Path, sql);

    public static void Execute(string file, string sql)
    {
        using var connection = OpenSeparateConnection(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_stores)
        {
            foreach (var store in _stores)
            {
                store.Dispose();
            }

            _stores.Clear();
        }

        // Pooled connections keep the files open; release them before deleting.
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
