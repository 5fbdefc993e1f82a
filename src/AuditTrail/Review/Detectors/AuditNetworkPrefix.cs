using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AuditTrail;

/// <summary>The network of an address: its /24 (IPv4) or /48 (IPv6) prefix, or as configured.</summary>
internal static class AuditNetworkPrefix
{
    /// <summary>"203.0.113.0/24", or <see langword="null"/> when <paramref name="sourceIp"/> is no address (a pseudonym).</summary>
    public static string? Of(string? sourceIp, int ipv4Length, int ipv6Length)
    {
        if (!AuditIpAddress.TryParse(sourceIp, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var length = address.AddressFamily == AddressFamily.InterNetwork ? ipv4Length : ipv6Length;
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{AuditIpAddress.Format(new IPAddress(bytes))}/{length}");
    }
}
