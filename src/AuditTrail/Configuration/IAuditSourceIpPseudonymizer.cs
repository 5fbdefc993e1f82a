namespace AuditTrail;

/// <summary>
/// Applies <see cref="AuditTrailOptions.SourceIpPseudonymization"/> to a source IP: the value the trail stores for
/// an event's <see cref="AuditEvent.SourceIp"/>, and the value the <see cref="AuditQuery.SourceIp"/> filter compares.
/// Resolve it to record or show an address the way the trail stores it (the HTTP API records its <c>ip</c> filter
/// through it). The transform is deterministic and idempotent: a value it returned maps to itself. The trail hands it
/// every address already in its canonical form (<see cref="AuditIpAddress"/>), so every form of one address gets one
/// pseudonym; an implementation that returns an address should return it in that form too.
/// </summary>
public interface IAuditSourceIpPseudonymizer
{
    /// <summary>Returns <paramref name="sourceIp"/> as the trail stores it under the configured mode.</summary>
    /// <param name="sourceIp">An address, or any text; <see langword="null"/> and blank text are returned unchanged.</param>
    /// <returns>The stored form: unchanged (mode None), the network address or <c>[REDACTED]</c> (Truncate), or <c>hmac:</c> and 32 hex digits (KeyedHash).</returns>
    string? Pseudonymize(string? sourceIp);
}
