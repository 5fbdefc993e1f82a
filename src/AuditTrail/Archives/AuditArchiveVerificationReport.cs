namespace AuditTrail;

/// <summary>What <see cref="IAuditArchiveVerifier.VerifyAsync"/> checked and the first problem it found.</summary>
public sealed record AuditArchiveVerificationReport
{
    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => Problem is null;

    /// <summary>The first problem, or <see langword="null"/>.</summary>
    public AuditArchiveProblem? Problem { get; init; }

    /// <summary>How many segments were verified whole.</summary>
    public int SegmentsVerified { get; init; }

    /// <summary>How many records those segments hold, tombstones included.</summary>
    public long RecordsVerified { get; init; }

    /// <summary>How many of them are tombstones (their stored hash is the link).</summary>
    public long TombstonesVerified { get; init; }

    /// <summary>
    /// How many of them are erased rows (<see cref="IAuditErasure"/>): their stored hash is the link, and the erasure
    /// record that follows them, in the archive or the store, covers them.
    /// </summary>
    public long ErasedVerified { get; init; }

    /// <summary>How many verified segments carry no signature (written without a checkpoint key).</summary>
    public int UnsignedSegments { get; init; }

    /// <summary>Whether signatures were checked (public keys were given).</summary>
    public bool SignaturesChecked { get; init; }

    /// <summary>The first archived sequence number, or <see langword="null"/> for an empty archive.</summary>
    public long? FirstSequence { get; init; }

    /// <summary>The last archived sequence number, or <see langword="null"/> for an empty archive.</summary>
    public long? LastSequence { get; init; }

    /// <summary>Whether the live store's continuation was checked.</summary>
    public bool StoreChecked { get; init; }

    /// <summary>The store's retention anchor, when the store was checked and has one.</summary>
    public AuditChainPosition? StoreAnchor { get; init; }
}
