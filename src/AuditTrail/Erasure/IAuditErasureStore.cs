namespace AuditTrail;

/// <summary>
/// A store that can erase a person's personal fields in place (docs/integrity.md): <see cref="IAuditErasure"/> uses it
/// when the registered store implements it.
/// </summary>
public interface IAuditErasureStore
{
    /// <summary>
    /// In one transaction under the chain lock: checks the link of every row whose actor id or target user id is
    /// <paramref name="actorId"/> from its still complete content (a row that does not verify fails the call and
    /// nothing is erased), replaces that id by <paramref name="pseudonym"/> and clears the person's fields (as actor:
    /// name, source IP and its hashed form, user agent; as target user: name); then computes the
    /// <see cref="AuditErasureDigest"/> of every row that carries <paramref name="pseudonym"/> as actor or target user,
    /// in sequence order (tombstones by their content digest).
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
public sealed record AuditErasureStoreResult(int RowCount, int Rewritten, byte[] Digest);
