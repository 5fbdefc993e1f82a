using System.Globalization;
using System.Text;
using AuditTrail.Relational;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Internal;

/// <summary>
/// The full-text search index of an audit table: an FTS5 trigram table in a file of its own beside the audit file
/// (<c>{database}-search</c>), filled from the audit table after commits, in transactions of up to
/// <see cref="RowsPerTransaction"/> rows that lock only that file. Writers of the audit trail never wait for it.
/// </summary>
/// <remarks>
/// <para>
/// The file holds, per audit table, the index and a row of <see cref="StateTable"/>: every row with a sequence
/// number up to <c>indexed_through</c> is in the index (or purged), and rows above it are the unindexed tail,
/// which search reads from the audit table itself. The index is derived data: it is rebuilt from the audit table
/// when its file is missing, and when the audit file was replaced (the chain hash of the row at
/// <c>indexed_through</c> no longer matches).
/// </para>
/// <para>
/// The indexer opens the index file read-write (synchronous NORMAL: a crash may lose its latest passes, which the
/// next pass redoes) and attaches the audit file read-only, so its <c>BEGIN IMMEDIATE</c> locks the index file alone.
/// </para>
/// </remarks>
internal sealed class SqliteSearchIndex : IAsyncDisposable, IDisposable
{
    /// <summary>The schema name under which search connections attach the index file.</summary>
    public const string AttachedName = "audit_search";

    /// <summary>The table of the index file that records how far each audit table is indexed.</summary>
    public const string StateTable = "search_state";

    /// <summary>The most audit rows one indexing transaction reads.</summary>
    public const int RowsPerTransaction = 4_096;

    /// <summary>The format of the index file, in its <c>user_version</c>; a file of another format is rebuilt.</summary>
    private const int FormatVersion = 1;

    /// <summary>The schema name under which the indexer attaches the audit file.</summary>
    private const string SourceName = "audit";

    /// <summary>How long a background pass waits after the commit that requested it, so that one pass takes the rows of many commits.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The audit columns the index covers, in the index's column order; changes are indexed as <see cref="ChangesText"/>.</summary>
    internal static readonly string[] IndexedColumns =
    [
        AuditColumns.ActorId, AuditColumns.ActorName, AuditColumns.Action, AuditColumns.ResourceType,
        AuditColumns.ResourceId, AuditColumns.ResourceName, AuditColumns.Description, AuditColumns.Changes,
        AuditColumns.FailureReason, AuditColumns.SourceIp,
    ];

    private readonly string _tableName;
    private readonly string _searchTable;
    private readonly TimeSpan _busyTimeout;
    private readonly bool _background;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _sync = new();
    private bool _pending;
    private Thread? _runner;
    private volatile Paths? _paths;
    private volatile Exception? _lastBackgroundError;

    public SqliteSearchIndex(string tableName, TimeSpan busyTimeout, bool background)
    {
        _tableName = tableName;
        _searchTable = SqliteAuditSqlDialect.Quote(SqliteAuditSqlDialect.SearchTableName(tableName));
        _busyTimeout = busyTimeout;
        _background = background;
    }

    /// <summary>The index file, once <see cref="EnsureCreated"/> has run; otherwise <see langword="null"/>.</summary>
    public string? FilePath => _paths?.IndexFile;

    /// <summary>The error of the latest background pass, or <see langword="null"/> when it succeeded (or none ran).</summary>
    public Exception? LastBackgroundError => _lastBackgroundError;

    /// <summary>The index file of an audit file.</summary>
    public static string PathBeside(string auditFile) => auditFile + "-search";

    /// <summary>
    /// The searched text of a row's changes: their field names and values, one per line, without JSON escaping.
    /// </summary>
    /// <param name="row">The quoted name or alias of the audit row.</param>
    internal static string ChangesText(string row) =>
        $"(SELECT group_concat(change.value, char(10)) FROM json_tree({row}.{SqliteAuditSqlDialect.Quote(AuditColumns.Changes)}) AS change WHERE change.type = 'text')";

    /// <summary>The values of <see cref="IndexedColumns"/> for the audit row <paramref name="row"/>.</summary>
    internal static string IndexedValues(string row) =>
        string.Join(", ", IndexedColumns.Select(column => column == AuditColumns.Changes ? ChangesText(row) : row + "." + SqliteAuditSqlDialect.Quote(column)));

    /// <summary>
    /// The sequence number through which the index is complete, as a SQL expression for a connection of the audit file
    /// that attached the index file as <see cref="AttachedName"/>; 0 when nothing is indexed yet, and 0 when the index
    /// does not belong to the audit file as it is now: the row it ended at must still carry the chain hash it had when
    /// indexed (a hash that commits to every row before it), or be gone in a purge. So a replaced audit file (a
    /// restored backup) is searched by <c>LIKE</c> alone until the indexer has rebuilt the index.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    public static string IndexedThroughExpression(string tableName)
    {
        var table = SqliteAuditSqlDialect.Quote(tableName);
        var seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);
        return $"coalesce((SELECT state.indexed_through FROM {SqliteAuditSqlDialect.Quote(AttachedName)}.{StateTable} AS state WHERE state.table_name = '{tableName}' " +
            $"AND (EXISTS (SELECT 1 FROM {table} AS row WHERE row.{seq} = state.indexed_through AND row.{SqliteAuditSqlDialect.Quote(AuditColumns.Hash)} IS state.indexed_hash) " +
            $"OR (NOT EXISTS (SELECT 1 FROM {table} AS row WHERE row.{seq} = state.indexed_through) " +
            $"AND state.indexed_through <= coalesce((SELECT chain.anchor_seq FROM {SqliteAuditSqlDialect.Quote(AuditSql.ChainTable)} AS chain WHERE chain.table_name = '{tableName}'), 0)))), 0)";
    }

    /// <summary>
    /// Creates the index file beside <paramref name="auditFile"/> when it is missing, and the index of this table in it.
    /// Idempotent, and safe for several stores and processes at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer version of AuditTrail.</exception>
    public void EnsureCreated(string auditFile, CancellationToken cancellationToken)
    {
        var paths = _paths;
        if (paths is null || paths.AuditFile != auditFile)
        {
            paths = new Paths(auditFile, PathBeside(auditFile), ConnectionString(PathBeside(auditFile)));
        }

        _gate.Wait(cancellationToken);
        try
        {
            // No pass here: a pass waits for another process's indexer, and a store must start (and write) without
            // waiting for one. Search checks on every statement that the index belongs to the audit file
            // (IndexedThroughExpression), and the first pass rebuilds it when it does not.
            using var connection = OpenIndexer(paths);
            _paths = paths;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Attaches the index file, read-only, as <see cref="AttachedName"/> to a read-only connection of the audit file, unless it is attached.</summary>
    public void Attach(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var paths = _paths ?? throw new InvalidOperationException("The search index is not created yet.");
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM pragma_database_list WHERE name = @name", new { name = AttachedName }) > 0)
        {
            return;
        }

        if (!File.Exists(paths.IndexFile))
        {
            // Deleted while the store ran: a new, empty index (OpenIndexer drops pooled connections to the deleted
            // file); search reads everything from the audit table until it is rebuilt.
            EnsureCreated(paths.AuditFile, cancellationToken);
            RequestUpdate();
        }

        connection.Execute($"ATTACH DATABASE @file AS {AttachedName}", new { file = paths.IndexFile });
    }

    /// <summary>Starts a background pass, unless one is running (it then runs again) or background indexing is off.</summary>
    public void RequestUpdate()
    {
        if (!_background || _paths is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_sync)
        {
            _pending = true;
            if (_runner is not null)
            {
                Monitor.Pulse(_sync);
                return;
            }

            // A thread of its own: a pass runs SQLite synchronously for up to a second, which would hold a pool thread.
            _runner = new Thread(RunInBackground) { IsBackground = true, Name = "AuditTrail search index" };
            _runner.Start();
        }
    }

    /// <summary>Indexes every committed row not yet indexed, and removes purged rows; returns how many rows it indexed.</summary>
    public async Task<long> UpdateAsync(CancellationToken cancellationToken)
    {
        var paths = _paths ?? throw new InvalidOperationException("The search index is not created yet.");
        await Task.Yield();
        return CatchUp(paths, cancellationToken);
    }

    /// <summary>Removes the index entries of purged rows, without indexing new ones.</summary>
    public async Task RemovePurgedAsync(CancellationToken cancellationToken)
    {
        var paths = _paths ?? throw new InvalidOperationException("The search index is not created yet.");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = OpenIndexer(paths);
            Pass(connection, indexRows: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How far the index is, against the newest row of the audit table.</summary>
    public async Task<(long IndexedThrough, long Latest)> GetProgressAsync(CancellationToken cancellationToken)
    {
        var paths = _paths ?? throw new InvalidOperationException("The search index is not created yet.");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = OpenIndexer(paths);
            var indexed = connection.ExecuteScalar<long?>($"SELECT indexed_through FROM {StateTable} WHERE table_name = @table", new { table = _tableName }) ?? 0;
            var latest = connection.ExecuteScalar<long?>($"SELECT max({SqliteAuditSqlDialect.Quote(AuditColumns.Seq)}) FROM {SourceTable}") ?? 0;
            return (indexed, latest);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Stop() is { } runner)
        {
            // The pass in progress ends at its next transaction boundary.
            await Task.Run(runner.Join).ConfigureAwait(false);
        }
    }

    public void Dispose() => Stop()?.Join();

    /// <summary>Stops background passes; returns the thread of the one running, if any.</summary>
    private Thread? Stop()
    {
        lock (_sync)
        {
            if (_stopping.IsCancellationRequested)
            {
                return null;
            }

            _stopping.Cancel();
            Monitor.PulseAll(_sync);
            return _runner;
        }
    }

    private string SourceTable => $"{SourceName}.{SqliteAuditSqlDialect.Quote(_tableName)}";

    private void RunInBackground()
    {
        while (true)
        {
            lock (_sync)
            {
                if (!_pending && !_stopping.IsCancellationRequested)
                {
                    Monitor.Wait(_sync, IdleTimeout);
                }

                if (!_pending || _stopping.IsCancellationRequested)
                {
                    _runner = null;
                    return;
                }

                _pending = false;
            }

            try
            {
                // Requests during the wait are served by this pass (it reads every row committed before it starts).
                _stopping.Token.WaitHandle.WaitOne(Linger);
                lock (_sync)
                {
                    _pending = false;
                }

                CatchUp(_paths!, _stopping.Token);
                _lastBackgroundError = null;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                lock (_sync)
                {
                    _runner = null;
                }

                return;
            }
#pragma warning disable CA1031 // An exception escaping this thread would end the process; the indexer's failures are reported, not thrown.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Search stays exact (it reads the unindexed tail from the audit table); the next request retries.
                _lastBackgroundError = e;
                _stopping.Token.WaitHandle.WaitOne(RetryDelay);
            }
        }
    }

    /// <summary>Passes until the index is current, each under the gate on its own, so other work waits for one transaction at most.</summary>
    private long CatchUp(Paths paths, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            _gate.Wait(cancellationToken);
            try
            {
                using var connection = OpenIndexer(paths);
                var (indexed, more) = Pass(connection, indexRows: true);
                total += indexed;
                if (!more)
                {
                    return total;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// One transaction: checks that the index still belongs to the audit file, removes purged rows, and indexes up
    /// to <see cref="RowsPerTransaction"/> new rows when <paramref name="indexRows"/> is set.
    /// </summary>
    private (int Indexed, bool More) Pass(SqliteConnection connection, bool indexRows)
    {
        var seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);
        var hashColumn = SqliteAuditSqlDialect.Quote(AuditColumns.Hash);
        using var transaction = connection.BeginTransaction(deferred: false);
        var state = connection.QuerySingleOrDefault<StateRow>(
            $"SELECT indexed_through AS IndexedThrough, indexed_hash AS IndexedHash, purged_through AS PurgedThrough FROM {StateTable} WHERE table_name = @table",
            new { table = _tableName }, transaction) ?? new StateRow();
        var anchor = connection.QuerySingleOrDefault<LinkRow>(
            $"SELECT anchor_seq AS Sequence, anchor_hash AS Hash FROM {SourceName}.{SqliteAuditSqlDialect.Quote(AuditSql.ChainTable)} WHERE table_name = @table",
            new { table = _tableName }, transaction);
        var anchorSequence = anchor?.Sequence ?? 0;

        if (state.IndexedThrough > 0)
        {
            // The row the index ends at must be the one it indexed: otherwise the audit file was replaced (a backup
            // restored, another file copied over), and the whole index is rebuilt.
            var stored = connection.QuerySingleOrDefault<LinkRow>(
                $"SELECT {seq} AS Sequence, {hashColumn} AS Hash FROM {SourceTable} WHERE {seq} = @sequence",
                new { sequence = state.IndexedThrough }, transaction);
            var same = stored is not null
                ? (stored.Hash ?? []).AsSpan().SequenceEqual(state.IndexedHash ?? [])
                : state.IndexedThrough <= anchorSequence;
            if (!same)
            {
                connection.Execute($"INSERT INTO {_searchTable} ({_searchTable}) VALUES ('delete-all')", transaction: transaction);
                state = new StateRow();
            }
        }

        if (anchorSequence > state.PurgedThrough)
        {
            var removeThrough = Math.Min(anchorSequence, state.IndexedThrough);
            if (removeThrough > state.PurgedThrough)
            {
                connection.Execute(
                    $"WITH RECURSIVE purged(rowid) AS (SELECT @after + 1 UNION ALL SELECT rowid + 1 FROM purged WHERE rowid < @through) " +
                    $"DELETE FROM {_searchTable} WHERE rowid IN (SELECT rowid FROM purged)",
                    new { after = state.PurgedThrough, through = removeThrough }, transaction);
            }

            state.PurgedThrough = anchorSequence;
            if (state.IndexedThrough < anchorSequence)
            {
                state.IndexedThrough = anchorSequence;
                state.IndexedHash = anchor!.Hash;
            }
        }

        var indexed = 0;
        var more = false;
        if (indexRows)
        {
            // The last row of this transaction: the RowsPerTransaction-th after the index, or the newest one.
            var through = connection.QuerySingleOrDefault<LinkRow>(
                $"SELECT {seq} AS Sequence, {hashColumn} AS Hash FROM {SourceTable} WHERE {seq} > @after ORDER BY {seq} LIMIT 1 OFFSET @offset",
                new { after = state.IndexedThrough, offset = RowsPerTransaction - 1 }, transaction);
            more = through is not null;
            through ??= connection.QuerySingleOrDefault<LinkRow>(
                $"SELECT {seq} AS Sequence, {hashColumn} AS Hash FROM {SourceTable} WHERE {seq} > @after ORDER BY {seq} DESC LIMIT 1",
                new { after = state.IndexedThrough }, transaction);
            if (through is not null)
            {
                indexed = connection.Execute(
                    $"INSERT INTO {_searchTable} (rowid, {string.Join(", ", IndexedColumns)}) " +
                    $"SELECT row.{seq}, {IndexedValues("row")} FROM {SourceTable} AS row WHERE row.{seq} > @after AND row.{seq} <= @through",
                    new { after = state.IndexedThrough, through = through.Sequence }, transaction);
                state.IndexedThrough = through.Sequence;
                state.IndexedHash = through.Hash;
            }
        }

        connection.Execute(
            $"INSERT INTO {StateTable} (table_name, indexed_through, indexed_hash, purged_through) VALUES (@table, @indexedThrough, @indexedHash, @purgedThrough) " +
            "ON CONFLICT (table_name) DO UPDATE SET indexed_through = excluded.indexed_through, indexed_hash = excluded.indexed_hash, purged_through = excluded.purged_through",
            new { table = _tableName, indexedThrough = state.IndexedThrough, indexedHash = state.IndexedHash, purgedThrough = state.PurgedThrough }, transaction);
        transaction.Commit();
        return (indexed, more);
    }

    /// <summary>Opens the index file (creating it and this table's index when missing) with the audit file attached read-only.</summary>
    private SqliteConnection OpenIndexer(Paths paths)
    {
        var connection = new SqliteConnection(paths.IndexerConnectionString);
        if (!File.Exists(paths.IndexFile))
        {
            // Pooled connections would go on writing into the deleted file.
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            connection.Open();
            connection.Execute(string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)_busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;"));
            if (connection.ExecuteScalar<long>("SELECT count(*) FROM pragma_database_list WHERE name = @name", new { name = SourceName }) == 0)
            {
                // A URI with mode=ro: BEGIN IMMEDIATE then takes no write lock on the audit file.
                connection.Execute($"ATTACH DATABASE @uri AS {SourceName}", new { uri = FileUri(paths.AuditFile) + "?mode=ro" });
            }

            var version = connection.ExecuteScalar<long>("PRAGMA user_version");
            if (version > FormatVersion)
            {
                throw new InvalidOperationException(
                    $"The search index file '{paths.IndexFile}' has format {version}, but this version of AuditTrail knows formats up to {FormatVersion}. " +
                    "Upgrade the AuditTrail packages of this application, or delete the file: it is rebuilt from the audit table.");
            }

            if (version < FormatVersion || connection.ExecuteScalar<long>(
                "SELECT count(*) FROM sqlite_schema WHERE name = @name", new { name = SqliteAuditSqlDialect.SearchTableName(_tableName) }) == 0)
            {
                Create(connection);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Create(SqliteConnection connection)
    {
        var mode = connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The search index file '{connection.DataSource}' could not switch to WAL journal mode (it is in '{mode}' mode).");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        connection.Execute(
            $"CREATE TABLE IF NOT EXISTS {StateTable} (table_name TEXT NOT NULL PRIMARY KEY, indexed_through INTEGER NOT NULL, " +
            "indexed_hash BLOB NULL, purged_through INTEGER NOT NULL) STRICT",
            transaction: transaction);

        // Contentless: the text lives only in the audit table; contentless_delete lets a purge remove rows by rowid.
        // Trigram gives case-insensitive substring matching.
        connection.Execute(
            $"CREATE VIRTUAL TABLE IF NOT EXISTS {_searchTable} USING fts5({string.Join(", ", IndexedColumns)}, content='', contentless_delete=1, tokenize='trigram')",
            transaction: transaction);
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {FormatVersion}"), transaction: transaction);
        transaction.Commit();
    }

    private string ConnectionString(string indexFile) => new SqliteConnectionStringBuilder
    {
        // A URI data source, so that SQLite reads the ATTACH of the audit file as a URI too (mode=ro).
        DataSource = FileUri(indexFile),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_busyTimeout.TotalSeconds)),
    }.ToString();

    /// <summary>A <c>file:</c> URI of an absolute path, every byte but unreserved ones and separators percent-encoded.</summary>
    internal static string FileUri(string path)
    {
        var full = Path.GetFullPath(path).Replace('\\', '/');
        var uri = new StringBuilder(full.Length + 8).Append(full.StartsWith('/') ? "file:" : "file:///");
        foreach (var b in Encoding.UTF8.GetBytes(full))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.' or '_' or '~' or ':')
            {
                uri.Append(c);
            }
            else
            {
                uri.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return uri.ToString();
    }

    private sealed record Paths(string AuditFile, string IndexFile, string IndexerConnectionString);

    private sealed class StateRow
    {
        public long IndexedThrough { get; set; }

        public byte[]? IndexedHash { get; set; }

        public long PurgedThrough { get; set; }
    }

    private sealed class LinkRow
    {
        public long Sequence { get; set; }

        public byte[]? Hash { get; set; }
    }
}
