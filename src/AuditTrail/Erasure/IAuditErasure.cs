namespace AuditTrail;

/// <summary>
/// Erasure of a person's data (GDPR Art. 17) from a trail that must still prove it was not tampered with
/// (docs/integrity.md, docs/retention.md): the person's actor id becomes a stable pseudonym, and their name, source IP
/// and user agent are removed, on every record they did or that names them as target user.
/// </summary>
public interface IAuditErasure
{
    /// <summary>
    /// Erases <paramref name="actorId"/> across the trail and records it as <see cref="AuditActions.AuditErased"/> (durably,
    /// with the pseudonym, the row count and the digest of the rewritten rows). Running it again completes an erasure
    /// that was interrupted before its record was written, and erases what was logged under the id since.
    /// </summary>
    /// <param name="actorId">The actor id to erase.</param>
    /// <param name="requestedBy">Who carries out the erasure; the actor of the record, so never the person erased.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was erased.</returns>
    /// <exception cref="ArgumentException"><paramref name="actorId"/> is blank or a pseudonym, or <paramref name="requestedBy"/> has no id, an undefined type or is the person erased.</exception>
    /// <exception cref="AuditErasureRefusedException">An active legal hold covers a record of the person; nothing was erased.</exception>
    /// <exception cref="InvalidOperationException">No pseudonym key is configured, or a record does not verify (nothing was erased).</exception>
    /// <exception cref="NotSupportedException">The registered store cannot erase (<see cref="IAuditErasureStore"/>).</exception>
    Task<AuditErasureResult> EraseActorAsync(string actorId, AuditActor requestedBy, CancellationToken cancellationToken = default);
}
