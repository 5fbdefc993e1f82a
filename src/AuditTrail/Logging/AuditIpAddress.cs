using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AuditTrail;

/// <summary>
/// The one textual form of a source IP address the trail stores and filters by, so that every spelling of one
/// address finds the same records. The normaliser applies it to every event before pseudonymisation, the reader to
/// the <see cref="AuditQuery.SourceIp"/> filter, the ASP.NET Core middleware to the connection's address, and the
/// verifier to the rows a migration rewrote.
/// </summary>
/// <remarks>
/// <para>
/// The canonical form: an IPv4 address in dotted decimal (<c>192.0.2.1</c>); an IPv4-mapped IPv6 address as that IPv4
/// address (<c>::ffff:192.0.2.1</c> is <c>192.0.2.1</c>); any other IPv6 address in the text of RFC 5952 section 4:
/// lowercase hexadecimal without leading zeros, the longest run of two or more zero groups (the first of equally long
/// runs) written <c>::</c>, and never the mixed dotted notation. A zone (<c>fe80::1%eth0</c>) is dropped: it names an
/// interface of the host that saw the address, not the peer, and its number depends on that host.
/// </para>
/// <para>
/// Text is an address when, after trimming white space, it is an IPv6 address (with or without a zone) or an IPv4
/// address in strict dotted decimal: four decimal parts from 0 to 255 without leading zeros. Shorthands that
/// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also accepts (<c>127.1</c>, <c>0x7f.0.0.1</c>, and
/// <c>010.0.0.1</c>, which it reads as octal) are ambiguous and are not treated as addresses, nor are bracketed forms
/// (<c>[::1]:80</c>). Such text, and any other text (a pseudonym, <c>unknown</c>), is kept exactly as given.
/// The canonical form is computed here, not by the runtime's formatter, so that it cannot change with the runtime:
/// the verifier compares it with stored text.
/// </para>
/// </remarks>
public static class AuditIpAddress
{
    private const int Ipv6Groups = 8;

    /// <summary>
    /// The canonical form of <paramref name="text"/> when it is an IP address, otherwise <paramref name="text"/> as given.
    /// </summary>
    /// <param name="text">An address in any textual form, or any text; <see langword="null"/> is returned unchanged.</param>
    /// <returns>The canonical form, or the text unchanged.</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Canonicalize(string? text) =>
        TryParse(text, out var address) ? Format(address) : text;

    /// <summary>Parses an address in any form this type accepts (see the remarks of <see cref="AuditIpAddress"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address, IPv4 for an IPv4-mapped IPv6 address, and without a zone.</param>
    /// <returns>Whether <paramref name="text"/> is an address.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        var value = text.AsSpan().Trim();
        if (value.Length == 0)
        {
            return false;
        }

        if (value.Contains(':'))
        {
            // The zone is cut off here rather than parsed: the runtime resolves interface names on this host.
            var zone = value.IndexOf('%');
            if (zone == 0 || zone == value.Length - 1)
            {
                return false;
            }

            var bare = zone > 0 ? value[..zone] : value;
            if (bare.ContainsAny('[', ']') || !IPAddress.TryParse(bare, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = Unmapped(parsed);
            return true;
        }

        return TryParseDottedDecimal(value, out address);
    }

    /// <summary>The canonical text of <paramref name="address"/> (see the remarks of <see cref="AuditIpAddress"/>).</summary>
    /// <param name="address">The address.</param>
    /// <returns>The text.</returns>
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Unmapped(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? FormatIpv6(address.GetAddressBytes())
            : address.ToString();
    }

    /// <summary>
    /// Whether <paramref name="stored"/> is the canonical form of <paramref name="original"/>: the condition every row a
    /// migration rewrote must meet (its stored source IP, and the original text the hash chain covers in its place).
    /// </summary>
    /// <param name="stored">The stored source IP.</param>
    /// <param name="original">The text the row held before it was rewritten.</param>
    /// <returns>Whether the row is consistent.</returns>
    public static bool IsCanonicalFormOf(string? stored, string original) =>
        string.Equals(stored, Canonicalize(original), StringComparison.Ordinal);

    private static IPAddress Unmapped(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    private static bool TryParseDottedDecimal(ReadOnlySpan<char> value, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        Span<byte> bytes = stackalloc byte[4];
        var part = 0;
        foreach (var range in value.Split('.'))
        {
            var digits = value[range];
            if (part == 4 || digits.Length is 0 or > 3 || (digits.Length > 1 && digits[0] == '0')
                || !byte.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[part]))
            {
                return false;
            }

            part++;
        }

        if (part != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>RFC 5952 section 4: lowercase, no leading zeros, the first longest run of two or more zero groups as <c>::</c>.</summary>
    private static string FormatIpv6(byte[] bytes)
    {
        Span<ushort> groups = stackalloc ushort[Ipv6Groups];
        for (var i = 0; i < Ipv6Groups; i++)
        {
            groups[i] = (ushort)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]);
        }

        var (runStart, runLength) = (-1, 0);
        for (var i = 0; i < Ipv6Groups;)
        {
            var length = 0;
            while (i + length < Ipv6Groups && groups[i + length] == 0)
            {
                length++;
            }

            if (length > runLength && length >= 2)
            {
                (runStart, runLength) = (i, length);
            }

            i += Math.Max(length, 1);
        }

        var text = new System.Text.StringBuilder(39);
        for (var i = 0; i < Ipv6Groups; i++)
        {
            if (i == runStart)
            {
                text.Append("::");
                i += runLength - 1;
                continue;
            }

            if (i > 0 && i != runStart + runLength)
            {
                text.Append(':');
            }

            text.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
