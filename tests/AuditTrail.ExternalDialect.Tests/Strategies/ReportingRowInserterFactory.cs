using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests.Strategies;

/// <summary>
/// An <see cref="IAuditRowInserterFactory"/> that reports stored ids from the row count of SQLite's
/// <c>ON CONFLICT DO NOTHING</c>, so the store skips its query of stored ids.
/// </summary>
public sealed class ReportingRowInserterFactory : IAuditRowInserterFactory
{
    public bool ReportsStoredIds => true;

    public int Created { get; private set; }

    public async ValueTask<IAuditRowInserter> CreateAsync(DbConnection connection, DbTransaction transaction, string insertStatement, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = insertStatement;
        foreach (var column in AuditColumns.Inserted)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + column;
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        Created++;
        return new Inserter(command);
    }

    private sealed class Inserter(DbCommand command) : IAuditRowInserter
    {
        public async ValueTask<bool> TryInsertAsync(object?[] values, CancellationToken cancellationToken = default)
        {
            for (var c = 0; c < values.Length; c++)
            {
                command.Parameters[c].Value = values[c] ?? DBNull.Value;
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
