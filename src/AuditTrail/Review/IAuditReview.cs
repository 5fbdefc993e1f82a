namespace AuditTrail;

/// <summary>
/// Reviews the trail for what audit practice asks admins to look for (brute force, unusual logins, changes outside
/// maintenance windows, departed users still acting, privilege escalation, bulk reads and deletes, gaps in the trail):
/// the detectors of <see cref="AuditDetectors"/>, with the thresholds the host configures.
/// </summary>
public interface IAuditReview
{
    /// <summary>Runs every enabled detector over the records that occurred in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    /// <param name="viewer">Who asks. Only an admin gets findings; a tenant admin only those of their tenant; anyone else none.</param>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="until">The end of the period (exclusive); after <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the review.</param>
    /// <returns>The findings, most severe first, then by start time.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="until"/> is not after <paramref name="from"/>, or an admin viewer's tenant is one no record can hold
    /// as given (parameter <c>viewer.TenantId</c>, as <see cref="IAuditReader"/>).
    /// </exception>
    Task<AuditReviewReport> ReviewAsync(AuditViewer viewer, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);
}
