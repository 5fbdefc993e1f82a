using System.Security.Cryptography;
using System.Text;

namespace AuditTrail;

/// <summary>
/// The stable id of a finding: a hash of the detector, the episode's key (tenant, actor, address) and its first
/// evidence record, so a review and the continuous alerts name the same episode alike, also after a restart.
/// </summary>
internal static class AuditFindingIds
{
    public static string Of(string detector, string key, Guid firstEvidence)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\u001f', detector, key, firstEvidence.ToString("D")));
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 10));
    }

    /// <summary>The key part for one actor or address in one tenant.</summary>
    public static string Key(string? tenantId, string value) => string.Concat(tenantId ?? string.Empty, "\u001f", value);
}
