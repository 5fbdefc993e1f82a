namespace AuditTrail;

/// <summary>How records are written as OCSF events (<see cref="AuditExportFormat.Ocsf"/>, <see cref="AuditOcsf.WriteEvent"/>).</summary>
public sealed class AuditOcsfOptions
{
    /// <summary>
    /// The host's own actions (or built-in ones it maps otherwise), by action code (ordinal): these win over the
    /// built-in table and over the default by action type (see <c>docs/ocsf.md</c>).
    /// </summary>
    public IDictionary<string, AuditOcsfActivity> Actions { get; } = new Dictionary<string, AuditOcsfActivity>(StringComparer.Ordinal);

    /// <summary>The <c>metadata.product.name</c> of every event. Default: <c>AuditTrail</c>.</summary>
    public string ProductName { get; set; } = "AuditTrail";

    /// <summary>The <c>metadata.product.vendor_name</c> of every event. Default: <c>AuditTrail</c>.</summary>
    public string VendorName { get; set; } = "AuditTrail";
}
