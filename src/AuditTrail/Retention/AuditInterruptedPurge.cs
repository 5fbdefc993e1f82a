using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Finds and records what a purge removed without recording it: a process killed (or a machine lost) between a purge's
/// committed batches and its <c>audit.purged</c> record leaves the store's retention anchor past the anchor the newest
/// <c>audit.purged</c> record names (<see cref="AnchorSequenceKey"/>). Retention records that range at its next pass, and
/// so do the command line's <c>purge --execute</c> and <c>archive --purge</c> before they purge; code that purges through
/// <see cref="IAuditStore.PurgeAsync"/> itself does the same with these methods, holding the store's purge lock
/// (<see cref="AuditPurgeLocks.TryAcquireAsync"/>) from <see cref="FindAsync"/> to its own record, so that a purge still
/// under way elsewhere is not taken for an interrupted one.
/// </summary>
/// <remarks>
/// Only records that name their anchor can tell: a trail whose newest purge record does not (one written before
/// <see cref="AnchorSequenceKey"/> existed) is taken as recorded. A trail with a retention anchor and no <c>audit.purged</c>
/// record at all is not: its first purge was interrupted, or an interrupted purge removed the earlier records too.
/// </remarks>
public static class AuditInterruptedPurge
{
    /// <summary>The metadata key of an <c>audit.purged</c> record that names the retention anchor the purge left.</summary>
    public const string AnchorSequenceKey = "anchor_sequence";

    /// <summary>How many of the newest <c>audit.purged</c> records are read for the highest anchor they name.</summary>
    private const int RecordsRead = 20;

    /// <summary>
    /// Adds the store's retention anchor to the metadata of an <c>audit.purged</c> record as <see cref="AnchorSequenceKey"/>.
    /// The rows are gone whatever happens, so an anchor that cannot be read leaves the key out rather than the record.
    /// </summary>
    /// <param name="store">The store purged.</param>
    /// <param name="metadata">The record's metadata, to add the key to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the key is added (or left out).</returns>
    public static async Task AddAnchorAsync(IAuditStore store, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        try
        {
            if (store is IAuditChainStore chain && await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false) is { } anchor)
            {
                metadata[AnchorSequenceKey] = anchor.Sequence.ToString(CultureInfo.InvariantCulture);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded without it: the next purge takes a record without an anchor as recorded.
        }
    }

    /// <summary>
    /// The <c>audit.purged</c> event for rows a purge removed without recording them, by <paramref name="actor"/>, or
    /// <see langword="null"/> when every purge is recorded.
    /// </summary>
    /// <param name="store">The store to look at.</param>
    /// <param name="actor">Who the record names as its actor.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The event to log, or <see langword="null"/>.</returns>
    public static async Task<AuditEvent?> FindAsync(IAuditStore store, AuditActor actor, CancellationToken cancellationToken)
    {
        if (store is not IAuditChainStore chain || await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false) is not { } anchor)
        {
            return null;
        }

        var records = await store.QueryAsync(
            new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, RecordsRead),
            cancellationToken).ConfigureAwait(false);
        if (records.Count > 0 && !records[0].Metadata.ContainsKey(AnchorSequenceKey))
        {
            return null; // the newest record does not say where it ended: taken as recorded
        }

        long? recorded = null;
        foreach (var record in records)
        {
            if (record.Metadata.TryGetValue(AnchorSequenceKey, out var text)
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                && sequence > (recorded ?? -1))
            {
                recorded = sequence;
            }
        }

        if (records.Count > 0 && recorded >= anchor.Sequence)
        {
            return null;
        }

        return Create(recorded, anchor.Sequence, actor);
    }

    private static AuditEvent Create(long? previous, long anchor, AuditActor actor)
    {
        var metadata = new Dictionary<string, string>
        {
            [AnchorSequenceKey] = anchor.ToString(CultureInfo.InvariantCulture),
            ["interrupted"] = "true",
        };
        string rows;
        if (previous is { } from)
        {
            metadata["purged_count"] = (anchor - from).ToString(CultureInfo.InvariantCulture);
            metadata["first_sequence"] = (from + 1).ToString(CultureInfo.InvariantCulture);
            rows = string.Create(CultureInfo.InvariantCulture, $"{anchor - from} audit record(s), rows {from + 1} to {anchor}");
        }
        else
        {
            rows = string.Create(CultureInfo.InvariantCulture, $"the audit records through row {anchor} (no earlier {AuditActions.AuditPurged} record remains to say where it began)");
        }

        return new AuditEvent
        {
            Action = AuditActions.AuditPurged,
            ActionType = AuditActionType.Delete,
            Actor = actor,
            Resource = new AuditResource("audit_trail", null, "Audit trail"),
            Description = $"A purge that stopped before recording itself removed {rows}; recorded by the next purge",
            Metadata = metadata,
        };
    }
}
