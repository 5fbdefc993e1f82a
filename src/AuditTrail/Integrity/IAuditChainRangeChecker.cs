namespace AuditTrail;

/// <summary>
/// An optional capability of an <see cref="IAuditChainStore"/>: recomputing the links of a range straight from the
/// stored form, faster than reading records, and safe to call for several ranges at once. <see cref="AuditVerifier"/>
/// splits the chain into ranges checked in parallel and falls back to reading records, which names any problem
/// exactly, from the first range that is not confirmed. A checker must never confirm a range in which reading
/// records would find a problem; when unsure, it answers <see cref="AuditChainRangeResult.NotConfirmed"/>.
/// </summary>
/// <remarks>
/// A deliberate extension point for store packages: the store type itself implements it beside <see cref="IAuditChainStore"/>
/// (the SQLite store does, reading column bytes through SQLite's C API), and the verifier finds it by a type test.
/// </remarks>
public interface IAuditChainRangeChecker
{
    /// <summary>Checks the links of one range.</summary>
    /// <param name="range">The range.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the range is confirmed, and its last hash.</returns>
    Task<AuditChainRangeResult> CheckRangeAsync(AuditChainRange range, CancellationToken cancellationToken = default);
}
