namespace AuditTrail;

/// <summary>
/// A store that can erase a person's personal fields in place (docs/integrity.md): <see cref="IAuditErasure"/> uses it
/// when the registered store implements it.
/// </summary>
public interface IAuditErasureStore
{
    /// <summary>
    /// In one transaction that no purge or other rewrite runs beside (appends may): checks the link of every row whose actor id or target user id is
    /// <paramref name="actorId"/> from its still complete content (a row that does not verify fails the call and
    /// nothing is erased), replaces that id by <paramref name="pseudonym"/> and clears the person's fields (as actor:
    /// name, source IP and its hashed form, user agent; as target user: name); then computes the
    /// <see cref="AuditErasureDigest"/> of every row that carries <paramref name="pseudonym"/> as actor or target user,
    /// in sequence order (tombstones by their content digest). Rows that carry another pseudonym too (a person erased
    /// before who shares a row with this one) change under that person's erasure record as well: for each such pseudonym
    /// the result gives its digest before and after the rewrite (<see cref="AuditErasureStoreResult.Restated"/>).
    /// </summary>
    /// <param name="actorId">The actor id to erase.</param>
    /// <param name="pseudonym">The pseudonym to put in its place (<see cref="AuditPseudonym.For"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many rows carry the pseudonym, how many were rewritten now, and their digest.</returns>
    Task<AuditErasureStoreResult> EraseAsync(string actorId, string pseudonym, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IAuditErasureStore.EraseAsync"/> did.</summary>
/// <param name="RowCount">How many rows carry the pseudonym now.</param>
/// <param name="Rewritten">How many of them the call rewrote.</param>
/// <param name="Digest">The 32-byte <see cref="AuditErasureDigest"/> of the rows that carry the pseudonym.</param>
public sealed record AuditErasureStoreResult(int RowCount, int Rewritten, byte[] Digest)
{
    /// <summary>
    /// The other pseudonyms that rows carrying this one also carry (people erased before who share a row with this
    /// person), each with the digest of its rows before and after the call: the erasure is recorded again for each, so
    /// that the verifier checks the rows as they are now (docs/integrity.md). Empty when no row is shared.
    /// </summary>
    public IReadOnlyList<AuditErasureRestatement> Restated { get; init; } = [];
}

/// <summary>Another person's erased rows that an erasure changed: their count and digest before and after it.</summary>
/// <param name="Pseudonym">The other person's pseudonym.</param>
/// <param name="RowCountBefore">How many rows carried it before the call.</param>
/// <param name="DigestBefore">Their <see cref="AuditErasureDigest"/> before the call: what its newest erasure record must hold.</param>
/// <param name="RowCount">How many rows carry it after the call.</param>
/// <param name="Digest">Their digest after the call, which its restated erasure record carries.</param>
public sealed record AuditErasureRestatement(string Pseudonym, int RowCountBefore, byte[] DigestBefore, int RowCount, byte[] Digest);
