using System.Collections.Concurrent;
using System.Data.Common;
using AuditTrail.ExternalDialect.Tests.Support;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests.Strategies;

/// <summary>
/// An <see cref="IAuditInsertedRowsHandler"/> that records each range it is given, with the rows of that range it sees
/// inside the transaction; it can be made to fail, as a rollup that cannot be written would.
/// </summary>
public sealed class RecordingInsertedRows : IAuditInsertedRowsHandler
{
    /// <summary>Each call's range and how many rows of it the transaction holds.</summary>
    public ConcurrentQueue<(long First, long Last, long RowsSeen)> Calls { get; } = new();

    /// <summary>Whether the next calls throw.</summary>
    public bool Fail { get; set; }

    public async ValueTask OnInsertedAsync(DbConnection connection, DbTransaction transaction, long firstSequence, long lastSequence, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT COUNT(*) FROM {PlainSqliteDatabase.Table} WHERE seq BETWEEN {firstSequence} AND {lastSequence}";
            var seen = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            Calls.Enqueue((firstSequence, lastSequence, seen));
        }

        if (Fail)
        {
            throw new InvalidOperationException("The derived data could not be written.");
        }
    }
}
