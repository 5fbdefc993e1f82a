namespace AuditTrail.Relational;

/// <summary>
/// Inserts the rows of one write transaction, one at a time, in sequence order (see <see cref="IAuditRowInserterFactory"/>).
/// The store disposes it before the transaction commits.
/// </summary>
public interface IAuditRowInserter : IAsyncDisposable
{
    /// <summary>Inserts one row unless its id is stored already.</summary>
    /// <param name="values">
    /// The values of <see cref="AuditColumns.Inserted"/>, in that order, already encoded for the dialect; <see langword="null"/>
    /// for SQL NULL. The store reuses the array after the call.
    /// </param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>
    /// Whether the row was inserted. An inserter whose factory does not set <see cref="IAuditRowInserterFactory.ReportsStoredIds"/>
    /// returns <see langword="true"/>.
    /// </returns>
    ValueTask<bool> TryInsertAsync(object?[] values, CancellationToken cancellationToken = default);
}
