namespace AuditTrail;

/// <summary>A range of chain links for <see cref="IAuditChainRangeChecker.CheckRangeAsync"/>.</summary>
/// <param name="AfterSequence">The link before the range: 0, the retention anchor, or the last link of the range before.</param>
/// <param name="ThroughSequence">The last link of the range, greater than <paramref name="AfterSequence"/>.</param>
/// <param name="PreviousHash">
/// The 32-byte hash the range's first link follows, or <see langword="null"/> to take the hash stored at
/// <paramref name="AfterSequence"/> (whose own link the range before checks).
/// </param>
/// <param name="ExpectedHashes">Hashes that must be stored at given sequence numbers (those of signed head checkpoints); may be empty.</param>
public sealed record AuditChainRange(long AfterSequence, long ThroughSequence, byte[]? PreviousHash, IReadOnlyDictionary<long, byte[]> ExpectedHashes);

/// <summary>What <see cref="IAuditChainRangeChecker.CheckRangeAsync"/> found.</summary>
/// <param name="Confirmed">
/// <see langword="true"/> when every link of the range is present, in order, matches the hash recomputed from its
/// content and the link before, and matches <see cref="AuditChainRange.ExpectedHashes"/>. <see langword="false"/>
/// means only "not confirmed": the verifier reads that range record by record to find and name the problem.
/// </param>
/// <param name="LastHash">The hash stored at <see cref="AuditChainRange.ThroughSequence"/> when confirmed; otherwise <see langword="null"/>.</param>
public sealed record AuditChainRangeResult(bool Confirmed, byte[]? LastHash)
{
    /// <summary>The answer for a range that could not be confirmed.</summary>
    public static AuditChainRangeResult NotConfirmed { get; } = new(false, null);
}

/// <summary>
/// An optional capability of an <see cref="IAuditChainStore"/>: recomputing the links of a range straight from the
/// stored form, faster than reading records, and safe to call for several ranges at once. <see cref="AuditVerifier"/>
/// splits the chain into ranges checked in parallel and falls back to reading records, which names any problem
/// exactly, from the first range that is not confirmed. A checker must never confirm a range in which reading
/// records would find a problem; when unsure, it answers <see cref="AuditChainRangeResult.NotConfirmed"/>.
/// </summary>
public interface IAuditChainRangeChecker
{
    /// <summary>Checks the links of one range.</summary>
    /// <param name="range">The range.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the range is confirmed, and its last hash.</returns>
    Task<AuditChainRangeResult> CheckRangeAsync(AuditChainRange range, CancellationToken cancellationToken = default);
}
