namespace AuditTrail.Relational;

/// <summary>
/// A search answered from a full-text index in descending sequence order (see <see cref="IAuditSqlDialect.IndexedSearch"/>).
/// Both parts are bound to the one parameter set they were built with, which the store also extends for the
/// queries it wraps around <see cref="ConfirmPredicate"/>; each statement may leave some of its values unused.
/// </summary>
/// <param name="CandidatesStatement">
/// A query of one column: the sequence numbers of rows the index matches, below the "below" placeholder, in
/// descending order, at most the "limit" placeholder of them. It must not miss a row that
/// <see cref="ConfirmPredicate"/> accepts; it may return rows that the predicate then rejects.
/// </param>
/// <param name="ConfirmPredicate">
/// The exact search contract of <see cref="IAuditSqlDialect.SearchPredicate"/>, without the index, for rows
/// already narrowed down by sequence number. Columns may be qualified with the quoted table name.
/// </param>
public sealed record AuditIndexedSearch(string CandidatesStatement, string ConfirmPredicate);
