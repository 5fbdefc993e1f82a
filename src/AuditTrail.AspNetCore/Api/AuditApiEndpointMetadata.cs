namespace AuditTrail.AspNetCore;

/// <summary>Marks the JSON API's endpoints (not the viewer page), which answer a failed authorization with 401 or 403, never a redirect.</summary>
internal sealed class AuditApiEndpointMetadata
{
    public static AuditApiEndpointMetadata Instance { get; } = new();

    private AuditApiEndpointMetadata()
    {
    }
}
