namespace AuditTrail.Syslog;

/// <summary>What the MSG part of each syslog message holds.</summary>
public enum AuditSyslogPayload
{
    /// <summary>The record as AuditTrail's JSON (<see cref="AuditJson"/>), as the JSON Lines export writes it.</summary>
    Json = 0,

    /// <summary>The record as an OCSF 1.3 event (<see cref="AuditOcsf"/>).</summary>
    Ocsf = 1,
}
