using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// Keeps what a store derives from its audit rows (SQLite's activity-chart rollups) inside the write transaction that
/// inserts them: called once per transaction, after its last row, before the commit. Given through
/// <see cref="RelationalAuditStoreStrategies.InsertedRows"/>; only with row-by-row inserts, not with a
/// <see cref="IAuditBatchAppender"/>, which writes its batch in one statement of its own.
/// </summary>
/// <remarks>
/// Once per transaction instead of a trigger per row: a row trigger makes every insert a statement that may abort
/// part-way, which SQLite backs with a statement journal written for each row.
/// </remarks>
public interface IAuditInsertedRowsHandler
{
    /// <summary>Called after a write transaction inserted the rows <paramref name="firstSequence"/> to <paramref name="lastSequence"/>.</summary>
    /// <param name="connection">The open connection of the transaction.</param>
    /// <param name="transaction">The write transaction, which holds the dialect's chain lock.</param>
    /// <param name="firstSequence">The sequence number of the first row inserted.</param>
    /// <param name="lastSequence">The sequence number of the last; the rows between are every row the transaction inserted.</param>
    /// <param name="cancellationToken">The write's token.</param>
    /// <returns>A task that completes when the work is done; an exception rolls the whole transaction back.</returns>
    ValueTask OnInsertedAsync(DbConnection connection, DbTransaction transaction, long firstSequence, long lastSequence, CancellationToken cancellationToken = default);
}
