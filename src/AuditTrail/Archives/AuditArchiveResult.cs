namespace AuditTrail;

/// <summary>What an <see cref="AuditArchiver"/> pass did.</summary>
/// <param name="Segments">The manifests of the segments it wrote, in chain order.</param>
/// <param name="RecordsArchived">How many records those segments hold.</param>
/// <param name="RecordsPurged">How many records it purged from the store (0 without a purge).</param>
public sealed record AuditArchiveResult(IReadOnlyList<AuditArchiveManifest> Segments, long RecordsArchived, long RecordsPurged);
