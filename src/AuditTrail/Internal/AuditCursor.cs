using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditTrail.Internal;

/// <summary>
/// The opaque keyset cursor: version, position and a SHA-256 check over the position and the filter
/// (scope included). A cursor that was altered, truncated, or taken from a query with other filters or
/// another viewer's scope is rejected. The check detects tampering, it is not a secret: scope is always
/// enforced by the reader, so even a forged cursor can only move within what the viewer may see.
/// </summary>
internal static class AuditCursor
{
    private const byte Version = 1;
    private const int CheckLength = 12;
    private const int PayloadLength = 1 + 8 + 16;

    public static string Encode(AuditPosition position, AuditFilter filter)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + CheckLength];
        WritePayload(bytes[..PayloadLength], position);
        Check(bytes[..PayloadLength], filter).CopyTo(bytes[PayloadLength..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static AuditPosition Decode(string cursor, AuditFilter filter)
    {
        var bytes = TryFromBase64Url(cursor);
        if (bytes is null || bytes.Length != PayloadLength + CheckLength || bytes[0] != Version)
        {
            throw Invalid();
        }

        var expected = Check(bytes.AsSpan(0, PayloadLength), filter);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength)))
        {
            throw Invalid();
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1, 8));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw Invalid();
        }

        return new AuditPosition(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(9, 16), bigEndian: true));
    }

    private static ArgumentException Invalid() =>
        new("The cursor is malformed, was altered, or belongs to a query with other filters; start again from the first page.", "query.Cursor");

    private static void WritePayload(Span<byte> payload, AuditPosition position)
    {
        payload[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(payload[1..9], position.OccurredAt.UtcTicks);
        position.Id.TryWriteBytes(payload[9..25], bigEndian: true, out _);
    }

    private static byte[] Check(ReadOnlySpan<byte> payload, AuditFilter filter)
    {
        var filterBytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(filter, AuditJson.TypeInfo<AuditFilter>()));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("audittrail-cursor-v1"u8);
        hash.AppendData(payload);
        hash.AppendData(filterBytes);
        return hash.GetHashAndReset()[..CheckLength];
    }

    private static byte[]? TryFromBase64Url(string text)
    {
        if (text.Length is 0 or > 128)
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
