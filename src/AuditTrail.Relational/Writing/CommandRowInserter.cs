using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>The dialect's insert-if-absent statement through ADO.NET, prepared once per transaction and re-bound per row.</summary>
internal sealed class CommandRowInserter : IAuditRowInserter
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    private CommandRowInserter(DbCommand command, DbParameter[] parameters)
    {
        _command = command;
        _parameters = parameters;
    }

    public static async ValueTask<IAuditRowInserter> CreateAsync(
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

    public async ValueTask<bool> TryInsertAsync(object?[] values, CancellationToken cancellationToken = default)
    {
        for (var c = 0; c < values.Length; c++)
        {
            _parameters[c].Value = values[c] ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
