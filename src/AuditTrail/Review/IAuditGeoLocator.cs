namespace AuditTrail;

/// <summary>
/// Optional: tells the review the country of a source address, from the host's own IP database (nothing is
/// downloaded). With none registered, the <see cref="AuditDetectors.NewCountry"/> detector does not run.
/// </summary>
public interface IAuditGeoLocator
{
    /// <summary>The ISO 3166-1 alpha-2 country code of <paramref name="sourceIp"/>, or <see langword="null"/> when unknown.</summary>
    /// <param name="sourceIp">The address as stored (<see cref="AuditRecord.SourceIp"/>).</param>
    /// <returns>The country code, or <see langword="null"/>.</returns>
    string? GetCountry(string sourceIp);
}
