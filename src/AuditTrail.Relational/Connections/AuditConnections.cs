using System.Data;
using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// The connections and transactions of one <see cref="RelationalAuditStore"/>: opened from its factory (or, for a
/// filtered read, from its <see cref="IAuditReadConnectionFactory"/>) with the dialect's settings applied, write
/// transactions under the dialect's locks, and rows read through its <see cref="IAuditRowReader"/> or Dapper.
/// </summary>
internal sealed class AuditConnections(
    IAuditSqlDialect dialect,
    Func<CancellationToken, ValueTask<DbConnection>> openConnection,
    IAuditReadConnectionFactory? readConnections,
    IAuditRowReader? rowReader)
{
    public IAuditSqlDialect Dialect => dialect;

    public static CommandDefinition Command(string sql, AuditSqlParameters parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(sql, parameters.ToDynamicParameters(), transaction, cancellationToken: cancellationToken);

    /// <summary>Opens a connection and applies the dialect's per-connection settings; the caller disposes it.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await openConnection(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The connection factory of the audit store returned null.");
        try
        {
            if (connection.State != ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            await dialect.PrepareConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the connection for the statements of <paramref name="filter"/>.</summary>
    public async ValueTask<DbConnection> OpenForFilterAsync(AuditFilter filter, CancellationToken cancellationToken) =>
        (readConnections is null ? null : await readConnections.TryOpenAsync(filter, cancellationToken).ConfigureAwait(false))
            ?? await OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A write transaction that first runs <paramref name="lockStatement"/>, if there is one; the lock is held to commit.</summary>
    public Task<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, string? lockStatement, CancellationToken cancellationToken) =>
        BeginLockedTransactionAsync(connection, [lockStatement], cancellationToken);

    /// <summary>A write transaction that first runs each of <paramref name="lockStatements"/> that is not null, in order; the locks are held to commit.</summary>
    public async Task<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, IReadOnlyList<string?> lockStatements, CancellationToken cancellationToken)
    {
        var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var lockStatement in lockStatements)
            {
                if (lockStatement is not null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(lockStatement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a SELECT of the shared columns on <paramref name="connection"/> and reads its rows.</summary>
    public async Task<IReadOnlyList<AuditRow>> QueryRowsAsync(DbConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken) =>
        (rowReader is null ? null : await rowReader.TryReadAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false))
            ?? await ReadRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false);

    private static async Task<IReadOnlyList<AuditRow>> ReadRowsAsync(DbConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken)
    {
        var reader = await connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await AuditRowDataReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the one SELECT of a page of <paramref name="filter"/>: on the row reader's own connection when it has one, else on one for the filter.</summary>
    public async Task<IReadOnlyList<AuditRow>> QueryRowsAsync(AuditFilter filter, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken)
    {
        if (rowReader is not null && await rowReader.TryReadOnOwnConnectionAsync(filter, sql, parameters, cancellationToken).ConfigureAwait(false) is { } rows)
        {
            return rows;
        }

        var connection = await OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await QueryRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false);
        }
    }
}
