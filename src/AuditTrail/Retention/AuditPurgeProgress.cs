namespace AuditTrail;

/// <summary>
/// How many records a purge has removed so far, counted as each batch commits. Pass one to
/// <see cref="AuditArchiver.ArchiveAndPurgeAsync(DateTimeOffset, int, AuditPurgeProgress?, CancellationToken)"/>: when the
/// run stops part way (cancelled, or the sink fails on a later segment) it throws, and <see cref="RecordsPurged"/> still
/// tells how many records went, so the caller can record their purge (<see cref="AuditActions.AuditPurged"/>).
/// </summary>
public sealed class AuditPurgeProgress
{
    private long _recordsPurged;

    /// <summary>The records removed so far; safe to read from any thread.</summary>
    public long RecordsPurged => Interlocked.Read(ref _recordsPurged);

    /// <summary>Counts a committed batch of <paramref name="records"/>.</summary>
    internal void Add(long records) => Interlocked.Add(ref _recordsPurged, records);
}
