namespace AuditTrail;

/// <summary>One link of the hash chain as stored.</summary>
/// <param name="Sequence">The gap-free sequence number, from 1.</param>
/// <param name="Hash">The stored 32-byte hash.</param>
/// <param name="Record">The stored record.</param>
public sealed record AuditChainEntry(long Sequence, byte[] Hash, AuditRecord Record)
{
    /// <summary>
    /// Why the row is a tombstone (its content removed by retention, e.g. <c>retention:Rules[1]</c>), or
    /// <see langword="null"/> for a whole row. The verifier takes a tombstone's stored hash as its link (docs/integrity.md).
    /// </summary>
    public string? Tombstone { get; init; }

    /// <summary>
    /// A tombstone's SHA-256 of its canonical bytes before it was emptied (<see langword="null"/> for a whole row): what an
    /// erasure's digest takes for an erased row that later became a tombstone (docs/integrity.md).
    /// </summary>
    public byte[]? ContentDigest { get; init; }
}

/// <summary>A position in the chain: a sequence number and the hash stored there.</summary>
/// <param name="Sequence">The sequence number.</param>
/// <param name="Hash">The 32-byte hash at that sequence.</param>
public sealed record AuditChainPosition(long Sequence, byte[] Hash);

/// <summary>
/// A store that keeps the hash chain (every relational store does): read access for the verifier and the
/// checkpoint writer. The chain itself is written by the store inside its write transaction.
/// </summary>
public interface IAuditChainStore
{
    /// <summary>The newest link, or <see langword="null"/> when nothing was ever written (or everything was purged and nothing written since).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InvalidDataException">The newest row holds no valid hash: the table was altered outside AuditTrail.</exception>
    Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The retention anchor: the last link removed by the newest purge, or <see langword="null"/> when nothing
    /// was purged. The chain continues after it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams the links with a sequence greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    /// <param name="afterSequence">The sequence to start after (0 for all).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="AuditUnreadableRowException">
    /// A row cannot be read as a record; the enumeration fails when it reaches that row, after every row before it.
    /// </exception>
    IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default);
}
