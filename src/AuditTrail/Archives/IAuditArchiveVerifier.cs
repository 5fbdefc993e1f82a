namespace AuditTrail;

/// <summary>
/// Proves a set of archive segments: each file's SHA-256 and manifest signature, every link inside it, each segment
/// continuing the previous one's last hash, and (given a store) that the live store continues the last segment, so that
/// the archives and the store form one unbroken chain. It names the missing, altered or reordered segment otherwise.
/// </summary>
public interface IAuditArchiveVerifier
{
    /// <summary>Verifies the archive (and the store's continuation, when given one).</summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The report.</returns>
    Task<AuditArchiveVerificationReport> VerifyAsync(CancellationToken cancellationToken = default);
}
