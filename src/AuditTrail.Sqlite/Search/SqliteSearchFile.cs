using System.Data.Common;
using AuditTrail.Relational;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// The search index file of one audit table's database (<see cref="SqliteSearchSchema.FilePath"/>): opens the
/// connections that search or fill the index with the file attached, and creates the index, or empties it when it
/// does not belong to the database beside it (a database restored from another copy). When the file cannot be
/// created or opened (a read-only database or directory), search goes on without it, matching every row with
/// <c>LIKE</c>, and <see cref="Error"/> tells why.
/// </summary>
/// <remarks>
/// Only these connections attach the file. The store's own pool never does: SQLite's <c>BEGIN IMMEDIATE</c> takes the
/// write lock of every attached file, so a writer with the index attached would wait for the indexer again.
/// </remarks>
internal sealed class SqliteSearchFile
{
    private readonly string _tableName;
    private readonly string _connectionString;
    private readonly Func<DbConnection, CancellationToken, ValueTask> _prepare;
    private volatile string? _attach;
    private volatile Exception? _error;

    /// <param name="tableName">The validated audit table name.</param>
    /// <param name="connectionString">The store's connection string.</param>
    /// <param name="prepare">Applies the store's per-connection settings.</param>
    public SqliteSearchFile(string tableName, string connectionString, Func<DbConnection, CancellationToken, ValueTask> prepare)
    {
        _tableName = tableName;
        _prepare = prepare;

        // A pool of their own: Microsoft.Data.Sqlite pools by connection string, and naming foreign keys (off, as
        // SQLite's default is and this schema has none) makes this one differ from the store's, so a connection with
        // the index file attached never goes back to the pool the writers take theirs from. A connection string that
        // names foreign keys itself gets unpooled connections instead.
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.ForeignKeys is null)
        {
            builder.ForeignKeys = false;
        }
        else
        {
            builder.Pooling = false;
        }

        _connectionString = builder.ToString();
    }

    /// <summary>The index file's full path, known once <see cref="EnsureAsync"/> has run; <see langword="null"/> before.</summary>
    public string? Path { get; private set; }

    /// <summary>The database file as SQLite opened it, known once <see cref="EnsureAsync"/> has run; <see langword="null"/> before.</summary>
    public string? DatabaseFile { get; private set; }

    /// <summary>Whether the index file is in use: <see cref="EnsureAsync"/> created or checked it.</summary>
    public bool IsAvailable => _attach is not null;

    /// <summary>Why the index file could not be created or opened, when it could not.</summary>
    public Exception? Error => _error;

    /// <summary>Opens a read-write connection to the database with the store's settings and the index file attached.</summary>
    /// <exception cref="InvalidOperationException">The index file is not in use (<see cref="Error"/> tells why).</exception>
    public ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(_attach ?? throw new InvalidOperationException(
            $"The search index file '{Path}' is not in use, so search matches every row with LIKE: {_error?.Message ?? "the store is not initialized"}", _error),
            cancellationToken);

    /// <summary>Opens a connection to the database with the store's settings, without the index file.</summary>
    public ValueTask<SqliteConnection> OpenDatabaseAsync(CancellationToken cancellationToken) => OpenAsync(attach: null, cancellationToken);

    private async ValueTask<SqliteConnection> OpenAsync(string? attach, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await _prepare(connection, cancellationToken).ConfigureAwait(false);
            if (attach is null)
            {
                return connection;
            }

            // A pooled connection keeps what it attached.
            var attached = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM pragma_database_list WHERE name = '{SqliteSearchSchema.SchemaName}'", cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (attached == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(attach, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }


            // The index is derived data: its commits need not wait for a sync (a later pass, or a rebuild, redoes
            // what a power loss undid; the state row and the entries commit together).
            await connection.ExecuteAsync(new CommandDefinition(
                $"PRAGMA {SqliteSearchSchema.SchemaName}.synchronous = NORMAL", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the idle connections of this file's pool (the last one to close checkpoints the index file's log).</summary>
    public void ClosePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Attaches the index file to a raw read-only connection of the store (read-only too, as the connection is).</summary>
    /// <exception cref="SqliteException">The file cannot be attached.</exception>
    public void Attach(sqlite3 db)
    {
        if (_attach is { } attach)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(db, attach), db);
        }
    }

    /// <summary>
    /// Creates the index file and its tables when missing, and empties the index when it does not belong to the
    /// database: when the row it says it indexed last is missing from the audit table or has another chain hash.
    /// When that fails with a SQLite error, the index is not used (<see cref="IsAvailable"/>, <see cref="Error"/>).
    /// </summary>
    /// <param name="databaseFile">The database file, as SQLite opened it (its index file is named after it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureAsync(string databaseFile, CancellationToken cancellationToken)
    {
        DatabaseFile = databaseFile;
        Path = SqliteSearchSchema.FilePath(databaseFile);
        var attach = $"ATTACH DATABASE '{Path.Replace("'", "''", StringComparison.Ordinal)}' AS {SqliteSearchSchema.SchemaName}";
        try
        {
            await CreateOrCheckAsync(attach, cancellationToken).ConfigureAwait(false);
            _error = null;
            _attach = attach;
        }
        catch (SqliteException e)
        {
            _attach = null;
            _error = e;
        }
    }

    private async Task CreateOrCheckAsync(string attach, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(attach, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"PRAGMA {SqliteSearchSchema.SchemaName}.journal_mode = WAL", cancellationToken: cancellationToken)).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await DropIndexOfOtherColumnsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                foreach (var statement in SqliteSearchSchema.CreateStatements(_tableName))
                {
                    await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                if (!await BelongsToDatabaseAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
                {
                    // 'delete-all' empties a contentless table; the next pass starts again from the retention anchor.
                    var index = SqliteSearchSchema.IndexTable(_tableName);
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"INSERT INTO {index} ({SqliteAuditSqlDialect.Quote(SqliteSearchSchema.IndexTableName(_tableName))}) VALUES ('delete-all')",
                        transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"DELETE FROM {SqliteSearchSchema.StateTable} WHERE table_name = @tableName",
                        new { tableName = _tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await ReindexRewrittenRowsAsync(attach, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Indexes again the rows whose source IP the canonical-address migration rewrote, when the database names this
    /// table in <see cref="SqliteSearchSchema.ReindexTable"/>: entries made before the migration hold the text the rows
    /// were given, which a search for the canonical form may not match. One <c>BEGIN IMMEDIATE</c> transaction over
    /// both files, so the entries and the removal of the name commit together.
    /// </summary>
    private async Task ReindexRewrittenRowsAsync(string attach, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(attach, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var pending = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = '{SqliteSearchSchema.ReindexTable}'",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (pending == 0)
            {
                return;
            }

            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var removed = await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM main.{SqliteSearchSchema.ReindexTable} WHERE table_name = @tableName",
                    new { tableName = _tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (removed > 0)
                {
                    var table = "main." + SqliteAuditSqlDialect.Quote(_tableName);
                    var seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);
                    var rewritten = $"SELECT {seq} FROM {table} WHERE {SqliteAuditSqlDialect.Quote(AuditColumns.SourceIpAsHashed)} IS NOT NULL " +
                        $"AND {seq} <= {SqliteSearchSchema.IndexedThroughExpression(_tableName)}";
                    var index = SqliteSearchSchema.IndexTable(_tableName);
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"DELETE FROM {index} WHERE rowid IN ({rewritten})", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                        SqliteSearchSchema.IndexRows(_tableName, $"row.{seq} IN ({rewritten})"),
                        transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Drops the index, and forgets how far it was, when its columns are not the searched fields of this version (a
    /// field added to the search, such as the target user's): it is then created again, empty, and refilled.
    /// </summary>
    private async Task DropIndexOfOtherColumnsAsync(SqliteConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var columns = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT name FROM pragma_table_info(@index, '{SqliteSearchSchema.SchemaName}') ORDER BY cid",
            new { index = SqliteSearchSchema.IndexTableName(_tableName) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (columns.Count == 0 || columns.SequenceEqual(SqliteSearchColumns.Searched, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"DROP TABLE {SqliteSearchSchema.IndexTable(_tableName)}", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {SqliteSearchSchema.StateTable} WHERE table_name = @tableName",
            new { tableName = _tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task<bool> BelongsToDatabaseAsync(SqliteConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var state = await connection.QuerySingleOrDefaultAsync<IndexedRow>(new CommandDefinition(
            $"SELECT indexed_through AS IndexedThrough, indexed_through_hash AS Hash FROM {SqliteSearchSchema.StateTable} WHERE table_name = @tableName",
            new { tableName = _tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (state is not { } known)
        {
            return true;
        }

        var anchor = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT anchor_seq FROM main.{SqliteAuditSqlDialect.Quote(AuditSql.ChainTable)} WHERE table_name = @tableName",
            new { tableName = _tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
        if (known.IndexedThrough <= anchor)
        {
            // Every entry it may hold is of a purged row, which the next pass removes.
            return true;
        }

        var hash = await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            $"SELECT {SqliteAuditSqlDialect.Quote(AuditColumns.Hash)} FROM main.{SqliteAuditSqlDialect.Quote(_tableName)} WHERE {SqliteAuditSqlDialect.Quote(AuditColumns.Seq)} = @seq",
            new { seq = known.IndexedThrough }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return hash is not null && known.Hash is not null && hash.AsSpan().SequenceEqual(known.Hash);
    }

    /// <summary>The index's last indexed row, as its state row records it.</summary>
    private sealed class IndexedRow
    {
        public long IndexedThrough { get; set; }

        public byte[]? Hash { get; set; }
    }
}
