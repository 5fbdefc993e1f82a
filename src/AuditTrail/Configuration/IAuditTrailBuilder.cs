using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail;

/// <summary>Returned by <c>services.AddAuditTrail()</c>; store packages add <c>Use*</c> extensions to it.</summary>
public interface IAuditTrailBuilder
{
    /// <summary>The service collection the audit trail is registered in.</summary>
    IServiceCollection Services { get; }
}
