namespace AuditTrail;

/// <summary>
/// Reviews the trail for what audit practice asks admins to look for (brute force, unusual logins, changes outside
/// maintenance windows, departed users still acting, privilege escalation, bulk reads and deletes, gaps in the trail):
/// the detectors of <see cref="AuditDetectors"/>, with the thresholds the host configures.
/// </summary>
public interface IAuditReview
{
    /// <summary>Runs every enabled detector over the records that occurred in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="viewer">Who asks. Only an admin gets findings; a tenant admin only those of their tenant; anyone else none.</param>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="to">The end of the period (exclusive); after <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns>The findings, most severe first, then by start time.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not after <paramref name="from"/>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "from and to name the period, as AuditQuery.From and To do; VB callers can still name them.")]
    Task<AuditReviewReport> ReviewAsync(AuditViewer viewer, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
