namespace AuditTrail;

/// <summary>
/// What one <see cref="AuditRetention"/>'s tombstone passes concluded about the chain, kept in memory so that a pass
/// reads only the rows it could still need to act on (docs/retention.md): the rows after the last one read before,
/// and the runs of rows read before that hold a row whose period may have run out since.
/// </summary>
/// <remarks>
/// A row needs nothing more once it is tombstoned, kept forever, or held (while the holds are the same); any other row
/// is due when the anchor reaches its occurred time plus its period. That is fixed by the row and the policy alone, so
/// the summary holds while the policy and the holds do: either changed, and the next pass reads from the anchor.
/// Records written later get higher sequences, so a backdated one is read as new. A restart starts with a full pass.
/// </remarks>
internal sealed class AuditTombstoneResume
{
    private string? _key;
    private AuditExpirySpans? _read;
    private long _readThrough;

    /// <summary>Whether a held row counts as decided: only when the holds could be fingerprinted, so that a release is seen.</summary>
    public bool HeldRowsDecided { get; private set; }

    /// <summary>Starts a pass: forgets what was concluded when the policy or the holds differ from the last pass's.</summary>
    /// <param name="policyText">The canonical text of the policy (<see cref="AuditRetentionPolicyText.Format"/>).</param>
    /// <param name="holdsFingerprint">Every hold, released ones too, or <see langword="null"/> when they cannot be listed.</param>
    public void Begin(string policyText, string? holdsFingerprint)
    {
        var key = policyText + "\n" + (holdsFingerprint ?? "holds-not-listed");
        if (key != _key)
        {
            _read = null;
        }

        _key = key;
        HeldRowsDecided = holdsFingerprint is not null;
    }

    /// <summary>
    /// What an earlier pass read, through which sequence, when this pass may skip some of it; <see langword="null"/> to
    /// read everything from the anchor.
    /// </summary>
    internal (AuditExpirySpans Read, long ReadThrough)? Plan(long anchorSequence, DateTimeOffset scanUntil)
    {
        // A row recorded at or after this pass's scan end stops a full scan there: nothing after it may be reached.
        return _read is null || _readThrough <= anchorSequence || _read.LatestRecordedAt >= scanUntil ? null : (_read, _readThrough);
    }

    /// <summary>
    /// Every hold, released ones too (so that a hold placed and released between two passes, or during one, still
    /// changes it), or <see langword="null"/> for a host's own <see cref="IAuditLegalHolds"/>, whose answers a list may not show.
    /// </summary>
    public static async Task<string?> HoldsFingerprintAsync(IAuditLegalHolds holds, CancellationToken cancellationToken)
    {
        if (holds is not AuditLegalHolds)
        {
            return null;
        }

        var all = await holds.ListAsync(tenantId: null, includeReleased: true, cancellationToken).ConfigureAwait(false);
        return string.Join(';', all.Select(hold => $"{hold.Id:N}:{hold.ReleasedAt?.UtcTicks}:{hold.Scope.GetHashCode()}"));
    }

    /// <summary>Ends a pass that completed: <paramref name="read"/> summarizes every row from the anchor through <paramref name="readThrough"/>.</summary>
    internal void Commit(AuditExpirySpans read, long readThrough)
    {
        _read = read;
        _readThrough = readThrough;
    }
}
