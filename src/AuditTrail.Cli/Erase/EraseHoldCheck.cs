namespace AuditTrail.Cli.Erase;

/// <summary>
/// What the erasure's own check (<see cref="IAuditErasure"/>) would find, for the dry run: the first active legal hold
/// that covers a record of the person, as actor or target user, so the dry run says the erasure would be refused.
/// </summary>
internal static class EraseHoldCheck
{
    /// <summary>The first active hold over a record of <paramref name="actorId"/> and that record's id, or <see langword="null"/>.</summary>
    public static async Task<(AuditLegalHold Hold, Guid RecordId)?> FindAsync(
        IAuditStore store, IAuditLegalHolds holds, string actorId, CancellationToken cancellationToken)
    {
        var active = await holds.ListAsync(tenantId: null, includeReleased: false, cancellationToken).ConfigureAwait(false);
        if (active.Count == 0)
        {
            return null;
        }

        var filter = new AuditFilter { ScopeActorId = actorId, ScopeIncludesTargetUser = true };
        await foreach (var record in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            if (active.FirstOrDefault(hold => hold.Scope.Covers(record)) is { } hold)
            {
                return (hold, record.Id);
            }
        }

        return null;
    }
}
