namespace AuditTrail.Conformance.Support;

/// <summary>
/// Textual forms of the same addresses, as hosts pass them: IPv4 with white space and as IPv4-mapped IPv6 in several
/// spellings, IPv6 in upper case, fully expanded, with leading zeros, differently compressed and with a zone. Every
/// form of one address has one canonical form (<see cref="AuditIpAddress"/>).
/// </summary>
public static class SourceIpForms
{
    /// <summary>Each address's canonical form and the other forms of it.</summary>
    public static IReadOnlyList<(string Canonical, IReadOnlyList<string> Forms)> ByAddress { get; } =
    [
        ("203.0.113.77",
        [
            "203.0.113.77", " 203.0.113.77 ", "::ffff:203.0.113.77", "::FFFF:203.0.113.77", "::FFFF:CB00:714D", "::ffff:cb00:714d",
            "0:0:0:0:0:ffff:203.0.113.77", "0000:0000:0000:0000:0000:FFFF:CB00:714D", "::ffff:203.0.113.77%eth0",
        ]),
        ("2001:db8::a:1",
        [
            "2001:db8::a:1", "2001:DB8::A:1", "2001:0db8:0000:0000:0000:0000:000a:0001", "2001:DB8:0:0:0:0:A:1",
            "2001:db8:0::0:a:1", "2001:0DB8::000A:0001", "2001:db8::a:1%eth0", "2001:db8::a:1%3", " 2001:db8::a:1\t",
        ]),
        ("2001:db8:0:1:1:1:1:1", ["2001:db8:0:1:1:1:1:1", "2001:DB8::1:1:1:1:1", "2001:0db8:0000:0001:0001:0001:0001:0001"]),
        ("fe80::1", ["fe80::1", "FE80::1", "fe80:0:0:0:0:0:0:1", "fe80::0001%lo", "fe80::1%25"]),
        ("::1", ["::1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "::0.0.0.1"]),
    ];
}
