using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuditTrail;

/// <summary>
/// The canonical text of a retention policy that a <see cref="AuditCheckpointKind.RetentionPolicy"/> checkpoint carries
/// (docs/integrity.md): what decides when a record expires (the default period and each rule's match fields and period,
/// in order), one item a line, culture-invariant. A change of the format is a new version line, never an edit of v1.
/// </summary>
/// <remarks>
/// <code>
/// audittrail-retention-policy-v1
/// default &lt;period&gt;
/// rule &lt;action type&gt; &lt;action code prefix&gt; &lt;tenant&gt; &lt;period&gt;
/// </code>
/// A period is <c>d.hh:mm:ss</c> (<see cref="TimeSpan"/>'s <c>c</c> format) or <c>forever</c>; an action type its
/// name; a prefix or tenant its RFC 3986 escaped form (<see cref="Uri.EscapeDataString(string)"/>); <c>*</c> stands for any.
/// </remarks>
internal static class AuditRetentionPolicyText
{
    private const string Version = "audittrail-retention-policy-v1";
    private const string Any = "*";
    private const string Forever = "forever";

    /// <summary>The canonical text of <paramref name="options"/>'s periods and rules.</summary>
    public static string Format(AuditRetentionOptions options)
    {
        var text = new StringBuilder(Version).Append('\n').Append("default ").Append(Period(options.Period));
        foreach (var rule in options.Rules)
        {
            text.Append("\nrule ")
                .Append(rule.ActionType is { } type ? type.ToString() : Any).Append(' ')
                .Append(Escaped(rule.ActionCodePrefix)).Append(' ')
                .Append(Escaped(rule.TenantId)).Append(' ')
                .Append(Period(rule.Period));
        }

        return text.ToString();
    }

    /// <summary>The SHA-256 of <paramref name="text"/>'s UTF-8, which the checkpoint signs as its hash.</summary>
    public static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>The periods and rules of a canonical text, or <see langword="null"/> when it is not one this version reads.</summary>
    public static AuditRetentionOptions? Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Version || !lines[1].StartsWith("default ", StringComparison.Ordinal)
            || !TryPeriod(lines[1]["default ".Length..], out var period))
        {
            return null;
        }

        var options = new AuditRetentionOptions { Period = period };
        foreach (var line in lines.Skip(2))
        {
            var fields = line.Split(' ');
            if (fields.Length != 5 || fields[0] != "rule" || !TryType(fields[1], out var type) || !TryPeriod(fields[4], out var rulePeriod))
            {
                return null;
            }

            options.Rules.Add(new AuditRetentionRule { ActionType = type, ActionCodePrefix = Unescaped(fields[2]), TenantId = Unescaped(fields[3]), Period = rulePeriod });
        }

        return options;
    }

    private static string Period(TimeSpan? period) => period is { } value ? value.ToString("c", CultureInfo.InvariantCulture) : Forever;

    private static string Escaped(string? value) => value is null ? Any : Uri.EscapeDataString(value);

    private static string? Unescaped(string value) => value == Any ? null : Uri.UnescapeDataString(value);

    private static bool TryPeriod(string text, out TimeSpan? period)
    {
        period = null;
        if (text == Forever)
        {
            return true;
        }

        var parsed = TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value);
        period = value;
        return parsed;
    }

    private static bool TryType(string text, out AuditActionType? type)
    {
        type = null;
        if (text == Any)
        {
            return true;
        }

        var parsed = Enum.TryParse<AuditActionType>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && value.ToString() == text;
        type = value;
        return parsed;
    }
}
