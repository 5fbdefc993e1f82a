namespace AuditTrail;

/// <summary>How source IP addresses are pseudonymised before they are stored; see <see cref="AuditIpPseudonymizationOptions"/>.</summary>
public enum AuditIpPseudonymizationMode
{
    /// <summary>Source IPs are stored as given (the default).</summary>
    None = 0,

    /// <summary>
    /// An address is cut to its network prefix (<see cref="AuditIpPseudonymizationOptions.IPv4PrefixLength"/>,
    /// default /24; <see cref="AuditIpPseudonymizationOptions.IPv6PrefixLength"/>, default /48) and stored as the
    /// network's address, for example <c>203.0.113.0</c> or <c>2001:db8:abcd::</c>. Text that is not an address is
    /// stored as <c>[REDACTED]</c>.
    /// </summary>
    Truncate = 1,

    /// <summary>
    /// The address (any other text too) is replaced by a keyed HMAC-SHA256 of it, stored as <c>hmac:</c> followed by
    /// 32 lowercase hex digits (the first 128 bits of the MAC). The same address and key always give the same value,
    /// so records of one address can still be found and grouped; without the key the address cannot be recovered
    /// by trying every address.
    /// </summary>
    KeyedHash = 2,
}
