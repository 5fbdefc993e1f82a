namespace AuditTrail;

/// <summary>The kinds of tampering (or damage) the verifier names.</summary>
public enum AuditIntegrityProblemKind
{
    /// <summary>A row's content no longer matches its hash: a field was changed.</summary>
    ModifiedRow = 0,

    /// <summary>A sequence number is missing: a row was deleted (a gap), beyond what retention purged.</summary>
    MissingRow = 1,

    /// <summary>Rows are valid but stand at other positions: rows were swapped or moved.</summary>
    ReorderedRows = 2,

    /// <summary>The store ends before the newest checkpoint: rows at the end were deleted.</summary>
    TruncatedTail = 3,

    /// <summary>The stored chain is consistent but disagrees with a signed checkpoint or anchor: it was recomputed without the key.</summary>
    RewrittenChain = 4,

    /// <summary>A checkpoint names a key that is not in the key ring.</summary>
    UnknownKey = 5,

    /// <summary>A checkpoint's signature does not verify with its key.</summary>
    BadSignature = 6,

    /// <summary>A checkpoint does not name the previous checkpoint's signature: a checkpoint was removed or replaced.</summary>
    CheckpointChainBroken = 7,
}

/// <summary>The first problem the verifier found.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Sequence">The sequence number where it shows.</param>
/// <param name="Message">A sentence an auditor can act on.</param>
/// <param name="EventId">The event id of the row concerned, when there is one.</param>
public sealed record AuditIntegrityProblem(AuditIntegrityProblemKind Kind, long Sequence, string Message, Guid? EventId);

/// <summary>What <see cref="IAuditVerifier.VerifyAsync"/> found.</summary>
public sealed record AuditVerificationReport
{
    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => Problem is null;

    /// <summary>The first problem, or <see langword="null"/>.</summary>
    public AuditIntegrityProblem? Problem { get; init; }

    /// <summary>How many rows were checked.</summary>
    public long RowsVerified { get; init; }

    /// <summary>Where verification started: the retention anchor, or <see langword="null"/> from the first record.</summary>
    public AuditChainPosition? Anchor { get; init; }

    /// <summary>The newest sequence number in the store, or <see langword="null"/> when it holds no row.</summary>
    public long? LastSequence { get; init; }

    /// <summary>How many of the rows checked were tombstones the retention policy explains, or a signed earlier one did while it was in effect (expected, never a problem).</summary>
    public long TombstonesVerified { get; init; }

    /// <summary>How many of the rows checked were erased (<see cref="IAuditErasure"/>) and match their erasure record's digest (expected, never a problem).</summary>
    public long ErasedVerified { get; init; }

    /// <summary>How many signed checkpoints were checked.</summary>
    public int CheckpointsVerified { get; init; }

    /// <summary>The sequence of the newest checkpoint, or <see langword="null"/> when there is none.</summary>
    public long? NewestCheckpointSequence { get; init; }

    /// <summary>
    /// The <see cref="AuditCheckpointKind.PurgeIntent"/> that vouches for the store's retention anchor because the purge it
    /// announced has not signed its anchor yet: a purge is under way, or was interrupted (the next purge, or the checkpoint
    /// service when it starts, signs the anchor). Not a problem; <see langword="null"/> when the anchor is the signed one.
    /// </summary>
    public AuditCheckpoint? PurgeUnderWay { get; init; }
}

/// <summary>Checks that the stored trail is exactly what was written: the hash chain, and the signed checkpoints kept outside the database.</summary>
public interface IAuditVerifier
{
    /// <summary>Streams the chain from the retention anchor and checks every row, then every checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The report: valid, or the first problem found.</returns>
    Task<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default);
}
