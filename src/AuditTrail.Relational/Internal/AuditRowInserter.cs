using System.Data.Common;

namespace AuditTrail.Relational.Internal;

/// <summary>Inserts the rows of one write transaction, one at a time, in sequence order; disposed before the commit.</summary>
internal abstract class AuditRowInserter : IAsyncDisposable
{
    /// <summary>Inserts a row unless its id is stored (see <see cref="RelationalAuditStore.InsertReportsStoredIds"/>).</summary>
    /// <param name="values">The values of <see cref="AuditColumns.Inserted"/>, in that order; null for SQL NULL. Reused by the caller after the call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the row was inserted; an inserter that cannot tell returns <see langword="true"/>.</returns>
    public abstract ValueTask<bool> TryInsertAsync(object?[] values, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>The dialect's insert-if-absent statement through ADO.NET, prepared once per transaction and re-bound per row.</summary>
internal sealed class CommandRowInserter : AuditRowInserter
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    private CommandRowInserter(DbCommand command, DbParameter[] parameters)
    {
        _command = command;
        _parameters = parameters;
    }

    public static async ValueTask<CommandRowInserter> CreateAsync(
        DbConnection connection, DbTransaction transaction, string insert, IAuditSqlDialect dialect, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        try
        {
            command.Transaction = transaction;
            command.CommandText = insert;
            var parameters = new DbParameter[AuditColumns.Inserted.Count];
            for (var c = 0; c < parameters.Length; c++)
            {
                parameters[c] = command.CreateParameter();
                parameters[c].ParameterName = "@" + AuditColumns.Inserted[c];
                parameters[c].Value = DBNull.Value;
                dialect.ConfigureInsertParameter(parameters[c], AuditColumns.Inserted[c]);
                command.Parameters.Add(parameters[c]);
            }

            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return new CommandRowInserter(command, parameters);
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<bool> TryInsertAsync(object?[] values, CancellationToken cancellationToken)
    {
        for (var c = 0; c < values.Length; c++)
        {
            _parameters[c].Value = values[c] ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public override ValueTask DisposeAsync() => _command.DisposeAsync();
}
