namespace AuditTrail;

/// <summary>
/// A record's place in the hash chain (its sequence number and hash), for an admin investigating it. Sequence numbers
/// count every tenant's records, so only an admin of every tenant (no <see cref="AuditViewer.TenantId"/>) is told, as
/// only they may verify the whole chain; anyone else, or a record the viewer may not read, gets <see langword="null"/>.
/// </summary>
public interface IAuditChainPositions
{
    /// <summary>The chain position of the record with this id, or <see langword="null"/> (see the type's remarks, or a store without <see cref="IAuditChainPositionStore"/>).</summary>
    /// <param name="viewer">Who reads.</param>
    /// <param name="id">The record's <see cref="AuditRecord.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditChainPosition?> GetAsync(AuditViewer? viewer, Guid id, CancellationToken cancellationToken = default);
}
