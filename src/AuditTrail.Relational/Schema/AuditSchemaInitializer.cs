using System.Data.Common;
using System.Diagnostics;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// Creates or migrates the audit table lazily, once per store instance, before its first operation; a failed
/// initialization is retried by the next call. Initializers of several instances and processes take turns under the
/// dialect's schema lock, and each re-reads the version under it.
/// </summary>
internal sealed class AuditSchemaInitializer
{
    /// <summary>How long an initializer waits for the schema transaction while another holds the database's write lock.</summary>
    internal static readonly TimeSpan SchemaLockPatience = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan SchemaLockRetryPause = TimeSpan.FromMilliseconds(100);

    private readonly AuditConnections _connections;
    private readonly AuditStatements _sql;
    private readonly IReadOnlyList<AuditSchemaMigration> _migrations;
    private readonly IAuditStoreObserver? _observer;
    private readonly Lock _lock = new();
    private Task? _initialization;

    public AuditSchemaInitializer(AuditConnections connections, AuditStatements sql, IReadOnlyList<AuditSchemaMigration> migrations, IAuditStoreObserver? observer)
    {
        _connections = connections;
        _sql = sql;
        _migrations = migrations;
        _observer = observer;
    }

    /// <summary>Why the dialect's migrations cannot be applied (they must be numbered 1, 2, 3, ... without gaps), or <see langword="null"/>.</summary>
    public static string? FindMigrationProblem(IReadOnlyList<AuditSchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                return $"The dialect's migrations must be numbered 1, 2, 3, ... without gaps; position {i} has version {migrations[i].Version}.";
            }
        }

        return migrations.Count == 0 ? "The dialect returned no migrations for the audit table." : null;
    }

    /// <summary>The schema version this store creates and expects.</summary>
    public int SchemaVersion => _migrations.Count;

    public Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        var initialization = Volatile.Read(ref _initialization);
        if (initialization is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                // Shared by every caller, so no single caller's token may cancel it; Task.Run keeps a provider
                // whose async methods complete synchronously from running the migration under this lock.
                _initialization = Task.Run(() => MigrateAsync(CancellationToken.None), CancellationToken.None);
            }

            initialization = _initialization;
        }

        return initialization.WaitAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The schema transaction serializes initializers across processes; each re-reads the version under it.
            var transaction = await BeginSchemaTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(_sql.CreateVersionTable, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    _sql.CurrentVersion, new { tableName = _sql.TableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;

                if (current > _migrations.Count)
                {
                    throw new InvalidOperationException(
                        $"The audit table '{_sql.TableName}' has schema version {current}, but this version of AuditTrail knows versions up to {_migrations.Count}. " +
                        "Upgrade the AuditTrail packages of the application, or the audittrail command-line tool, that opens it.");
                }

                foreach (var migration in _migrations.Skip((int)current))
                {
                    try
                    {
                        await ApplyAsync(connection, transaction, migration, cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbException ex) when (!ex.IsTransient && current > 0)
                    {
                        throw new InvalidOperationException(DescribeFailedMigration(current, migration, ex), ex);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_observer is not null)
            {
                await _observer.OnInitializedAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyAsync(DbConnection connection, DbTransaction transaction, AuditSchemaMigration migration, CancellationToken cancellationToken)
    {
        foreach (var statement in migration.Statements)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        if (migration.RewritesSourceIps)
        {
            await new AuditSourceIpRewriter(_sql, _connections.Dialect).RewriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        foreach (var statement in migration.FinalStatements)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            _sql.RecordVersion,
            new { tableName = _sql.TableName, version = migration.Version, description = migration.Description },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// A migration of an existing table the database refused (the creation of a new one keeps the database's own error,
    /// such as PostgreSQL's instructions for pg_trgm): which table, from which version, at which step, and what to do. The two usual
    /// causes are a database this process may not write and a schema that no longer matches its recorded version.
    /// </summary>
    private string DescribeFailedMigration(long current, AuditSchemaMigration migration, DbException exception) =>
        $"The audit table '{_sql.TableName}' could not be migrated from schema version {current} to {_migrations.Count}: " +
        $"the step to version {migration.Version} ({migration.Description}) failed: {exception.Message.TrimEnd('.', ' ')}. " +
        "The migration runs in one transaction, so nothing of it was applied. If the database cannot be written (a read-only file or role), " +
        "open it once with an application that may write it; if its tables were changed by hand or restored in part, they no longer match " +
        $"the version recorded in {AuditSql.SchemaVersionTable}: restore the database from a backup.";

    /// <summary>
    /// The schema transaction, waiting for it while another connection or process holds the database's write lock:
    /// another instance migrating a large table holds it for as long as the migration takes, which may be far longer
    /// than a database's lock timeout (SQLite's busy timeout), and the instances starting beside it must wait for it
    /// rather than fail. After <see cref="SchemaLockPatience"/> the error names the table and the cause.
    /// </summary>
    private async Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var attempt = Stopwatch.GetTimestamp();
            try
            {
                return await _connections.BeginLockedTransactionAsync(connection, _connections.Dialect.SchemaLockStatement, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex) when (_connections.Dialect.IsBusy(ex))
            {
                var waited = Stopwatch.GetElapsedTime(started);
                if (waited >= SchemaLockPatience)
                {
                    throw new InvalidOperationException(
                        $"The audit table '{_sql.TableName}' could not be opened: another connection or process held the database's write lock for " +
                        $"{waited.TotalSeconds:0} s (it may be migrating the audit schema of a large table to a newer version): {ex.Message} The next operation tries again.",
                        ex);
                }

                // A lock timeout of 0 fails at once: take turns without spinning.
                if (Stopwatch.GetElapsedTime(attempt) < SchemaLockRetryPause)
                {
                    await Task.Delay(SchemaLockRetryPause, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
