using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// A store's way of inserting the rows of a write transaction, given to <see cref="RelationalAuditStore"/> through
/// <see cref="RelationalAuditStoreStrategies.RowInserters"/>. Without one the store prepares the dialect's
/// <see cref="IAuditSqlDialect.InsertIfAbsentStatement"/> as an ADO.NET command once per transaction and re-binds it per row.
/// </summary>
/// <remarks>
/// The hash chain depends on knowing which rows were inserted: a row that was not (its id is stored) takes no sequence
/// number. An inserter either tells (<see cref="ReportsStoredIds"/>), or the store first reads which ids of the batch are
/// stored and only inserts the others.
/// </remarks>
public interface IAuditRowInserterFactory
{
    /// <summary>
    /// Whether <see cref="IAuditRowInserter.TryInsertAsync"/> returns <see langword="false"/> for a row whose id is stored
    /// (or was inserted earlier in the same transaction). Set it only when that answer is exact, whatever the session's
    /// settings: row counts are not reliable across providers (SQL Server's NOCOUNT, for one).
    /// </summary>
    bool ReportsStoredIds { get; }

    /// <summary>Creates the inserter of one write transaction.</summary>
    /// <param name="connection">The open connection of the transaction.</param>
    /// <param name="transaction">The write transaction, which holds the dialect's chain lock.</param>
    /// <param name="insertStatement">
    /// The dialect's insert-if-absent statement for the store's table, binding <c>@</c> + each of
    /// <see cref="AuditColumns.Inserted"/>, in that order.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The inserter; the store disposes it before it commits.</returns>
    ValueTask<IAuditRowInserter> CreateAsync(DbConnection connection, DbTransaction transaction, string insertStatement, CancellationToken cancellationToken = default);
}
