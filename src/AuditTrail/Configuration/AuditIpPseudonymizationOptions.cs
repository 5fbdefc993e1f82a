namespace AuditTrail;

/// <summary>
/// Pseudonymisation of source IP addresses for privacy regimes (GDPR and the like), set through
/// <c>options.SourceIpPseudonymization</c>. It is applied to every event before it is queued, so the raw address
/// never reaches the store, the spool or an export, and the same transform is applied to the
/// <see cref="AuditQuery.SourceIp"/> filter, so filtering by the real address still finds the records.
/// </summary>
public sealed class AuditIpPseudonymizationOptions
{
    /// <summary>What a <see cref="AuditIpPseudonymizationMode.KeyedHash"/> value starts with: <c>hmac:</c>.</summary>
    public const string KeyedHashPrefix = "hmac:";

    /// <summary>How many lowercase hex digits follow <see cref="KeyedHashPrefix"/>: 32 (the first 128 bits of the HMAC-SHA256).</summary>
    public const int KeyedHashHexDigits = 32;

    /// <summary>The shortest key accepted for <see cref="AuditIpPseudonymizationMode.KeyedHash"/>: 32 bytes.</summary>
    public const int MinKeyLength = 32;

    /// <summary>The mode. Default <see cref="AuditIpPseudonymizationMode.None"/>.</summary>
    public AuditIpPseudonymizationMode Mode { get; set; } = AuditIpPseudonymizationMode.None;

    /// <summary>The bits of an IPv4 address that <see cref="AuditIpPseudonymizationMode.Truncate"/> keeps. Default 24; 0 to 24.</summary>
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>The bits of an IPv6 address that <see cref="AuditIpPseudonymizationMode.Truncate"/> keeps. Default 48; 0 to 64.</summary>
    public int IPv6PrefixLength { get; set; } = 48;

    /// <summary>
    /// The HMAC key of <see cref="AuditIpPseudonymizationMode.KeyedHash"/>: at least <see cref="MinKeyLength"/> random
    /// bytes (from configuration, a base64 string). Keep it away from the database, like any secret, and keep it: a
    /// new key gives every address a new value, so records stored under the old key are no longer found by address.
    /// Only allowed with <see cref="AuditIpPseudonymizationMode.KeyedHash"/>.
    /// </summary>
    public byte[]? Key { get; set; }
}
