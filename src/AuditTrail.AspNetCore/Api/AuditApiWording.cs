using System.Globalization;

namespace AuditTrail.AspNetCore;

/// <summary>How the API's own records (<c>audit.queried</c>, <c>audit.verified</c>) word a number of records.</summary>
internal static class AuditApiWording
{
    /// <summary>"1 audit record", "2 audit records".</summary>
    public static string Records(long count) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} audit record{(count == 1 ? string.Empty : "s")}");
}
