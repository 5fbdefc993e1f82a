using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditTrail.Sqlite;

/// <summary>Builds the connection string once and opens pooled connections from it, and keeps a few raw read-only connections.</summary>
internal sealed class SqliteConnectionFactory : IDisposable
{
    /// <summary>How many idle raw read-only connections <see cref="ReturnRawReadOnly"/> keeps; more are closed.</summary>
    private const int MaxIdleRawConnections = 4;

    private readonly string? _directory;
    private readonly ConcurrentQueue<sqlite3> _idleRaw = new();
    private volatile bool _directoryEnsured;
    private volatile bool _disposed;

    public SqliteConnectionFactory(SqliteAuditStoreOptions options)
    {
        SqliteConnectionStringBuilder builder;
        if (options.ConnectionString is not null)
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        else
        {
            var path = Path.GetFullPath(options.DatabasePath!);
            builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
            };
            _directory = Path.GetDirectoryName(path);
            FilePath = path;
        }

        BusyTimeout = options.BusyTimeout;

        // Microsoft.Data.Sqlite retries busy statements itself for DefaultTimeout seconds, where 0 means
        // forever; keep that window in line with the busy timeout and never unbounded.
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        ConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The database file when the store was given a path rather than a connection string; otherwise <see langword="null"/>.</summary>
    public string? FilePath { get; }

    public TimeSpan BusyTimeout { get; }

    /// <summary>Runs on each raw read-only connection as it opens (the search index file is attached there); set once, before the first rent.</summary>
    public Action<sqlite3>? PrepareRawReadOnly { get; set; }

    /// <summary>
    /// A read-only connection to <see cref="FilePath"/> opened through SQLite's C API in multi-thread mode (no
    /// per-call mutex: the caller uses it from one thread at a time), or <see langword="null"/> when the store was
    /// configured by connection string. Rented through <see cref="RentRawReadOnly"/>.
    /// </summary>
    private sqlite3? OpenRawReadOnly()
    {
        if (FilePath is null)
        {
            return null;
        }

        var rc = raw.sqlite3_open_v2(FilePath, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);

            raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, BusyTimeout.TotalMilliseconds));
            PrepareRawReadOnly?.Invoke(db);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>How many raw read-only connections are idle.</summary>
    public int IdleRawConnections => _idleRaw.Count;

    /// <summary>
    /// An idle raw read-only connection, or a new one from <see cref="OpenRawReadOnly"/> (<see langword="null"/> when the
    /// store was configured by connection string); the caller uses it from one thread and gives it back with
    /// <see cref="ReturnRawReadOnly"/>.
    /// </summary>
    public sqlite3? RentRawReadOnly() => _idleRaw.TryDequeue(out var db) ? db : OpenRawReadOnly();

    /// <summary>Keeps the connection for the next <see cref="RentRawReadOnly"/>, or closes it when enough are idle or the factory is disposed.</summary>
    public void ReturnRawReadOnly(sqlite3 db)
    {
        if (_disposed || _idleRaw.Count >= MaxIdleRawConnections)
        {
            db.Dispose();
            return;
        }

        _idleRaw.Enqueue(db);
        if (_disposed)
        {
            // Disposed while this one was being queued.
            Dispose();
        }
    }

    /// <summary>Closes the idle raw connections; connections rented now are closed when they come back.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idleRaw.TryDequeue(out var db))
        {
            db.Dispose();
        }
    }

    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_directoryEnsured && _directory is not null)
        {
            Directory.CreateDirectory(_directory);
            _directoryEnsured = true;
        }

        return OpenAsync(ConnectionString, cancellationToken);
    }

    private static async ValueTask<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
