namespace AuditTrail;

/// <summary>
/// One detector (or a pair that share their state): it sees the trail's records in time order and reports each
/// episode it finds, again each time the episode grows (same <see cref="AuditFinding.Id"/>). A review and the
/// continuous alerts run the same detectors over the same records, so they find the same episodes.
/// </summary>
internal abstract class AuditDetector
{
    /// <summary>Looks at the next record in time order.</summary>
    public abstract void Observe(AuditRecord record, AuditFindingCollector found);

    /// <summary>Time has moved on to <paramref name="now"/>: reports what a missing record shows, forgets stale state.</summary>
    public virtual void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
    }

    /// <summary>The conditions that hold now (an admin without MFA), reported by a review whatever its period.</summary>
    public virtual IEnumerable<AuditFinding> Standing() => [];
}
