namespace AuditTrail;

/// <summary>
/// The retention policy of <see cref="AuditRetentionOptions"/>. A hosted service applies it every
/// <see cref="AuditRetentionOptions.Interval"/>; call <see cref="PurgeAsync"/> to apply it now.
/// </summary>
public interface IAuditRetention
{
    /// <summary>
    /// Tombstones the records whose category's period ran out inside the chain (when the store is an
    /// <see cref="IAuditTombstoneStore"/>; <see cref="AuditRetentionOptions.Rules"/>), then deletes the records older
    /// than every period in batches of <see cref="AuditRetentionOptions.BatchSize"/>, and records the purge as a
    /// System event with the count. Does nothing when no period is set.
    /// </summary>
    /// <param name="cancellationToken">
    /// Cancels between batches; batches already committed stay deleted, and are recorded as a purge (with the anchor
    /// signed) before the cancellation is thrown, as they are when an archive sink fails on a later segment.
    /// </param>
    /// <returns>How many records were deleted (tombstones are logged, not counted here).</returns>
    Task<int> PurgeAsync(CancellationToken cancellationToken = default);
}
