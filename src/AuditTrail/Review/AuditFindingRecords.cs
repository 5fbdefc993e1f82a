namespace AuditTrail;

/// <summary>
/// Reads the <see cref="AuditActions.ReviewFinding"/> records <c>AddReviewFindingsAsEvents()</c> writes, for the exports
/// and forwarders that carry a finding's severity (OCSF <c>severity_id</c>, the syslog severity).
/// </summary>
public static class AuditFindingRecords
{
    /// <summary>The metadata key of the finding's severity: the name of an <see cref="AuditFindingSeverity"/>.</summary>
    public const string SeverityKey = "severity";

    /// <summary>
    /// The severity of the finding <paramref name="record"/> records; <see langword="null"/> when it is not a
    /// <see cref="AuditActions.ReviewFinding"/> record or its severity is not exactly the name of one.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <returns>The severity, or <see langword="null"/>.</returns>
    public static AuditFindingSeverity? SeverityOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Action != AuditActions.ReviewFinding || !record.Metadata.TryGetValue(SeverityKey, out var name))
        {
            return null;
        }

        foreach (var severity in Enum.GetValues<AuditFindingSeverity>())
        {
            if (string.Equals(name, severity.ToString(), StringComparison.Ordinal))
            {
                return severity;
            }
        }

        return null;
    }
}
