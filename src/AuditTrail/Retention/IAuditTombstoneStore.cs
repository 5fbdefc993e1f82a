namespace AuditTrail;

/// <summary>
/// A store that can turn records expired inside the chain into tombstones (docs/integrity.md): their personal and
/// free-text fields, changes and metadata removed, their sequence, times, action, action type, tenant and hash kept.
/// Retention uses it when the registered store implements it; the verifier then sees them as
/// <see cref="AuditChainEntry.Tombstone"/>.
/// </summary>
public interface IAuditTombstoneStore
{
    /// <summary>
    /// Tombstones the given rows in one transaction that no purge or other rewrite runs beside (appends may): each row's link is checked from its still
    /// complete content before it is emptied (a row that does not verify is left alone and fails the call), the
    /// SHA-256 of its original canonical bytes is kept beside it, and rows already tombstoned, or purged since they were read
    /// (at or before the retention anchor), are skipped.
    /// </summary>
    /// <param name="rows">The rows, in sequence order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many rows became tombstones.</returns>
    Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> rows, CancellationToken cancellationToken = default);
}
