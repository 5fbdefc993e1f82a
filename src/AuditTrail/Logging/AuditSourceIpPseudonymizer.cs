using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// The one transform of source IPs, applied by the normalizer to every event and by the reader to the
/// <see cref="AuditQuery.SourceIp"/> filter, so that a filter by the real address meets what was stored.
/// Idempotent in every mode, so a filter by an already pseudonymised value works too.
/// </summary>
internal sealed class AuditSourceIpPseudonymizer : IAuditSourceIpPseudonymizer
{
    /// <summary>Leaves every value as it is; for callers that only need the filter's shape, not its values.</summary>
    public static readonly AuditSourceIpPseudonymizer None = new(new AuditIpPseudonymizationOptions());

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly AuditIpPseudonymizationMode _mode;
    private readonly int _ipv4Prefix;
    private readonly int _ipv6Prefix;
    private readonly byte[] _key;

    public AuditSourceIpPseudonymizer(IOptions<AuditTrailOptions> options)
        : this(options.Value.SourceIpPseudonymization)
    {
    }

    private AuditSourceIpPseudonymizer(AuditIpPseudonymizationOptions options)
    {
        _mode = options.Mode;
        _ipv4Prefix = options.IPv4PrefixLength;
        _ipv6Prefix = options.IPv6PrefixLength;

        // A copy: the host's array can change later, the trail's pseudonyms must not.
        _key = options.Key is { } key ? [.. key] : [];
    }

    public string? Pseudonymize(string? sourceIp)
    {
        if (_mode == AuditIpPseudonymizationMode.None || string.IsNullOrWhiteSpace(sourceIp))
        {
            return sourceIp;
        }

        // Every form of one address is one address here (AuditIpAddress), so it has one pseudonym.
        var address = AuditIpAddress.TryParse(sourceIp, out var parsed) ? parsed : null;
        return _mode switch
        {
            AuditIpPseudonymizationMode.Truncate => address is null ? AuditFieldChange.Redacted : AuditIpAddress.Format(Truncate(address)),
            _ => IsKeyedHash(sourceIp) ? sourceIp.Trim().ToLowerInvariant() : KeyedHash(address is null ? sourceIp : AuditIpAddress.Format(address)),
        };
    }

    private IPAddress Truncate(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? _ipv4Prefix : _ipv6Prefix;
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(keep - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }

    private string KeyedHash(string canonical)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical), mac);
        return AuditIpPseudonymizationOptions.KeyedHashPrefix
            + Convert.ToHexStringLower(mac[..(AuditIpPseudonymizationOptions.KeyedHashHexDigits / 2)]);
    }

    /// <summary>Whether the text already is a keyed-hash value (<c>hmac:</c> and 32 hex digits, any case).</summary>
    internal static bool IsKeyedHash(string text)
    {
        var value = text.AsSpan().Trim();
        const string prefix = AuditIpPseudonymizationOptions.KeyedHashPrefix;
        return value.Length == prefix.Length + AuditIpPseudonymizationOptions.KeyedHashHexDigits
            && value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && !value[prefix.Length..].ContainsAnyExcept(HexDigits);
    }
}
