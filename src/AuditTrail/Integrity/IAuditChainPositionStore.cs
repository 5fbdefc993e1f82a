namespace AuditTrail;

/// <summary>
/// A store that can name one record's place in the hash chain (every relational store can): what the viewer's details
/// panel shows an admin. Optional; without it, <see cref="IAuditChainPositions"/> answers <see langword="null"/>.
/// </summary>
public interface IAuditChainPositionStore
{
    /// <summary>The sequence number and stored hash of the record with this id, or <see langword="null"/> when no such record is stored.</summary>
    /// <param name="id">The record's <see cref="AuditRecord.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditChainPosition?> GetChainPositionAsync(Guid id, CancellationToken cancellationToken = default);
}
