using System.Security.Cryptography;
using System.Text;

namespace AuditTrail;

/// <summary>
/// The stable id of a finding: a hash of the detector, the episode's key (tenant, actor, address) and its first
/// evidence record, so a review and the continuous alerts name the same episode alike, also after a restart.
/// </summary>
internal static class AuditFindingIds
{
    /// <summary>Above this many characters the text hashed is not built on the stack.</summary>
    private const int StackChars = 256;

    public static string Of(string detector, string key, Guid firstEvidence)
    {
        // The UTF-8 of "detector\u001fkey\u001fid", built without intermediate strings: one per episode of every detector.
        var length = detector.Length + key.Length + 38;
        Span<char> text = length <= StackChars ? stackalloc char[StackChars] : new char[length];
        detector.AsSpan().CopyTo(text);
        text[detector.Length] = '\u001f';
        key.AsSpan().CopyTo(text[(detector.Length + 1)..]);
        text[detector.Length + 1 + key.Length] = '\u001f';
        firstEvidence.TryFormat(text[(length - 36)..], out _, "D");
        text = text[..length];
        Span<byte> bytes = length <= StackChars ? stackalloc byte[(StackChars + 1) * 3] : new byte[Encoding.UTF8.GetMaxByteCount(length)];
        var written = Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], hash);
        return Convert.ToHexStringLower(hash[..10]);
    }

    /// <summary>The key part for one actor or address in one tenant.</summary>
    public static string Key(string? tenantId, string value) => string.Concat(tenantId ?? string.Empty, "\u001f", value);
}
