namespace AuditTrail;

/// <summary>What <see cref="IAuditErasure.EraseActorAsync"/> erased.</summary>
/// <param name="Pseudonym">The pseudonym that replaced the actor id.</param>
/// <param name="RowCount">How many rows now carry the pseudonym (the rows the erasure record's digest covers).</param>
/// <param name="Rewritten">How many of them this call rewrote (fewer when an earlier call had rewritten some).</param>
/// <param name="Digest">The lowercase hex <see cref="AuditErasureDigest"/> of those rows, as recorded.</param>
/// <param name="RecordId">The id of the <see cref="AuditActions.AuditErased"/> record.</param>
public sealed record AuditErasureResult(string Pseudonym, int RowCount, int Rewritten, string Digest, Guid RecordId)
{
    /// <summary>
    /// The pseudonyms of people erased before whose erasure was recorded again, because this erasure rewrote rows they
    /// share with this person (docs/integrity.md). Empty when no row is shared.
    /// </summary>
    public IReadOnlyList<string> Restated { get; init; } = [];
}
