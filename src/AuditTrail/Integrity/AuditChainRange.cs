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
