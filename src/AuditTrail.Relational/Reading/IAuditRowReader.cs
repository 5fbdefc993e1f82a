using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// A faster way to read audit rows than Dapper, given to <see cref="RelationalAuditStore"/> through
/// <see cref="RelationalAuditStoreStrategies.RowReader"/> (the SQLite store reads column bytes through SQLite's C API).
/// Either method may decline a statement by returning <see langword="null"/>; the store then reads it through Dapper.
/// </summary>
/// <remarks>
/// The statements select the shared columns named as the stored fields (<see cref="AuditRow.SlotOf"/> matches them; <see cref="AuditRowDataReader"/> reads them over ADO.NET), and bind values named
/// <c>@p0</c>, <c>@p1</c>, ... (<see cref="AuditSqlParameters.Named"/>). Values must come out as the provider's
/// <see cref="DbDataReader.GetValue"/> gives them, so the store maps them to the same records.
/// </remarks>
public interface IAuditRowReader
{
    /// <summary>Runs a SELECT of audit rows on a connection the store opened (and may run other statements on).</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its bound values.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, or <see langword="null"/> to let the store read them through Dapper.</returns>
    ValueTask<IReadOnlyList<AuditRow>?> TryReadAsync(DbConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the one SELECT of a page of <paramref name="filter"/> on a connection of the reader's own (a pool of cheaper
    /// read-only connections, say), before the store opens one.
    /// </summary>
    /// <param name="filter">The filter the statement was built from (whether it searches, for one).</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its bound values.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, or <see langword="null"/> to let the store open a connection and read them.</returns>
    ValueTask<IReadOnlyList<AuditRow>?> TryReadOnOwnConnectionAsync(AuditFilter filter, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken = default);
}
