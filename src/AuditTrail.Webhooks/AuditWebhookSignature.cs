using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuditTrail.Webhooks;

/// <summary>
/// The signature of a webhook batch, in the <see cref="HeaderName"/> header: <c>t={unix seconds},v1={hex}</c>, where
/// <c>hex</c> is the lowercase HMAC-SHA256, keyed with the shared secret, of <c>"{t}." + body</c> (the body's UTF-8 bytes).
/// A receiver recomputes it over the raw body, compares in constant time and refuses old timestamps.
/// </summary>
public static class AuditWebhookSignature
{
    /// <summary>The header that carries the signature: <c>AuditTrail-Signature</c>.</summary>
    public const string HeaderName = "AuditTrail-Signature";

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="timestamp">When the batch is sent.</param>
    /// <param name="body">The body, as sent.</param>
    /// <returns><c>t=…,v1=…</c>.</returns>
    public static string Create(byte[] key, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Mac(key, t, body))}";
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> with <paramref name="key"/> and is at most <paramref name="tolerance"/> old (or ahead).</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="header">The <see cref="HeaderName"/> value received.</param>
    /// <param name="body">The raw body received.</param>
    /// <param name="now">The receiver's time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/> (5 minutes is usual).</param>
    /// <returns><see langword="true"/> when the signature is valid and recent.</returns>
    public static bool Verify(byte[] key, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(key);
        string? t = null, v1 = null;
        foreach (var part in (header ?? string.Empty).Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim() == "t")
            {
                t = pair[1].Trim();
            }
            else if (pair.Length == 2 && pair[0].Trim() == "v1")
            {
                v1 = pair[1].Trim();
            }
        }

        // A timestamp past the last one DateTimeOffset holds is refused, not thrown: the header is the caller's input.
        if (t is null || v1 is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > MaxUnixSeconds
            || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Ticks) > tolerance.Ticks)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(v1);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(key, t, body));
    }

    private static byte[] Mac(byte[] key, string t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(t + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
