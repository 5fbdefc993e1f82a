namespace AuditTrail;

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
