namespace AuditTrail.Relational;

/// <summary>
/// What a store built on <see cref="RelationalAuditStore"/> adds to the shared SQL: each part optional, each a small
/// public contract, so a dialect outside this repository can do what the in-house stores do. Without any, the store
/// reads and writes through Dapper and ADO.NET on connections of its own factory.
/// </summary>
public sealed class RelationalAuditStoreStrategies
{
    /// <summary>How rows are inserted (for example through a provider's native API, reporting stored ids); <see langword="null"/> for an ADO.NET command.</summary>
    public IAuditRowInserterFactory? RowInserters { get; init; }

    /// <summary>
    /// How whole batches are written (one statement that links them in the database, one round trip); <see langword="null"/>
    /// to insert row by row. Not together with <see cref="RowInserters"/>.
    /// </summary>
    public IAuditBatchAppender? BatchAppender { get; init; }

    /// <summary>
    /// Keeps data derived from the rows in each write transaction, once per transaction; <see langword="null"/> for none.
    /// Not together with <see cref="BatchAppender"/>.
    /// </summary>
    public IAuditInsertedRowsHandler? InsertedRows { get; init; }

    /// <summary>A faster reader of audit rows; <see langword="null"/> to read through Dapper.</summary>
    public IAuditRowReader? RowReader { get; init; }

    /// <summary>The connections of filtered reads, for a search that needs one of its own; <see langword="null"/> for the store's factory.</summary>
    public IAuditReadConnectionFactory? ReadConnections { get; init; }

    /// <summary>
    /// The store-wide purge lock (<see cref="IAuditPurgeLock"/>), for a database without a session lock statement
    /// (<see cref="IAuditSqlDialect.TryPurgeLockStatement"/>; SQLite locks a file beside the database); <see langword="null"/>
    /// for the dialect's session lock, or, without one, a lock within the store instance only.
    /// </summary>
    public IAuditPurgeLock? PurgeLock { get; init; }

    /// <summary>Told about initialization, commits and purges (to maintain a search index, say); <see langword="null"/> for none.</summary>
    public IAuditStoreObserver? Observer { get; init; }
}
