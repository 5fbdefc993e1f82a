namespace AuditTrail;

/// <summary>
/// Receives the trail after commit, in commit order, in batches: a forwarder to a SIEM, a webhook, an index. Registered
/// with <c>builder.AddConsumer&lt;T&gt;("name")</c>; the library runs it in a hosted service, keeps its position in the
/// store and hands it every committed record at least once.
/// </summary>
/// <remarks>
/// Return when the batch is handled (written to the destination); the position then moves past it. Throw when it is
/// not: the same batch comes again after a backoff, while writers and other consumers go on. A batch can also come
/// again after a crash or a lease takeover, so the destination should deduplicate by <see cref="AuditRecord.Id"/>.
/// </remarks>
public interface IAuditConsumer
{
    /// <summary>Handles a batch of committed records, in sequence order.</summary>
    /// <param name="batch">One or more entries, sequences ascending.</param>
    /// <param name="cancellationToken">Cancelled when the host stops, and when this instance loses the consumer's lease or it runs out.</param>
    /// <returns>A task that completes when the batch is handled.</returns>
    Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default);
}
