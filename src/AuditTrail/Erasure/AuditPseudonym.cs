using System.Security.Cryptography;
using System.Text;

namespace AuditTrail;

/// <summary>
/// The stable pseudonym that erasure (<see cref="IAuditErasure"/>) puts in the place of an actor id:
/// <see cref="Prefix"/> followed by the lowercase base32 of the first 20 bytes of HMAC-SHA256(key, actor id). The same
/// key and id always give the same pseudonym, so an erasure run again (or of one person in two tenants) agrees with
/// itself; without the key, the pseudonym does not reveal the id.
/// </summary>
public static class AuditPseudonym
{
    /// <summary>What every pseudonym starts with; stores allow an erasure to write only ids that start with it.</summary>
    public const string Prefix = "erased-";

    /// <summary>How many bytes of the HMAC the pseudonym keeps (160 bits: 32 base32 characters).</summary>
    public const int Length = 20;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The pseudonym of <paramref name="actorId"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The erasure key (<see cref="AuditErasureOptions.PseudonymKey"/>), at least 32 bytes.</param>
    /// <param name="actorId">The actor id to replace.</param>
    /// <returns>The pseudonym.</returns>
    public static string For(ReadOnlySpan<byte> key, string actorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(actorId);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(actorId), mac);
        return Prefix + Base32(mac[..Length]);
    }

    /// <summary>Whether <paramref name="actorId"/> has the form of a pseudonym.</summary>
    /// <param name="actorId">An actor or target user id.</param>
    public static bool IsPseudonym(string? actorId) =>
        actorId is not null && actorId.Length == Prefix.Length + (Length * 8 / 5) && actorId.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 8 / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
