namespace AuditTrail;

/// <summary>
/// Answers only an admin of every tenant, and only for a record the reader returns to them (so the same scope applies as
/// to every read), from the store's <see cref="IAuditChainPositionStore"/>.
/// </summary>
internal sealed class AuditChainPositions(IAuditStore store, IAuditReader reader) : IAuditChainPositions
{
    public async Task<AuditChainPosition?> GetAsync(AuditViewer? viewer, Guid id, CancellationToken cancellationToken = default)
    {
        if (viewer is not { IsAdmin: true, TenantId: null } || store is not IAuditChainPositionStore positions)
        {
            return null;
        }

        if (await reader.GetAsync(viewer, id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return await positions.GetChainPositionAsync(id, cancellationToken).ConfigureAwait(false);
    }
}
