using System.Globalization;

namespace AuditTrail.Cli.Commands;

/// <summary>The <c>audit.purged</c> event the command line records after <c>purge --execute</c> or <c>archive --purge</c>, as retention does.</summary>
internal static class PurgedEvent
{
    /// <summary>The event for <paramref name="count"/> records that occurred before <paramref name="cutoff"/>, with <paramref name="more"/> metadata.</summary>
    public static AuditEvent Create(string description, long count, DateTimeOffset cutoff, IReadOnlyDictionary<string, string>? more = null)
    {
        var metadata = new Dictionary<string, string>
        {
            ["purged_count"] = count.ToString(CultureInfo.InvariantCulture),
            ["cutoff"] = cutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }

        return new AuditEvent
        {
            Action = AuditActions.AuditPurged,
            ActionType = AuditActionType.Delete,
            Actor = CliContext.Actor,
            Resource = new AuditResource("audit_trail", null, "Audit trail"),
            Description = description,
            Metadata = metadata,
        };
    }
}
