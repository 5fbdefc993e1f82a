namespace AuditTrail;

/// <summary>
/// The retention policy of <see cref="AuditRetentionOptions"/>. A hosted service applies it every
/// <see cref="AuditRetentionOptions.Interval"/>; call <see cref="PurgeAsync"/> to apply it now.
/// </summary>
public interface IAuditRetention
{
    /// <summary>
    /// Deletes the records older than <see cref="AuditRetentionOptions.Period"/> in batches of
    /// <see cref="AuditRetentionOptions.BatchSize"/>, and records the purge as a System event with the count.
    /// Does nothing when no period is set.
    /// </summary>
    /// <param name="cancellationToken">Cancels between batches; batches already committed stay deleted.</param>
    /// <returns>How many records were deleted.</returns>
    Task<int> PurgeAsync(CancellationToken cancellationToken = default);
}
