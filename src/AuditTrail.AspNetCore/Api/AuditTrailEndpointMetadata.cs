namespace AuditTrail.AspNetCore;

/// <summary>Marks the endpoints that <c>MapAuditTrail()</c> maps, so the middleware does not audit the audit API's own 401s and 403s.</summary>
internal sealed class AuditTrailEndpointMetadata
{
    public static AuditTrailEndpointMetadata Instance { get; } = new();

    private AuditTrailEndpointMetadata()
    {
    }
}
