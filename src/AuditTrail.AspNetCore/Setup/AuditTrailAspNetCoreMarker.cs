namespace AuditTrail.AspNetCore;

/// <summary>Registered by <c>AddAspNetCore()</c>: makes the registration idempotent and lets <c>UseAuditTrail()</c> check for it.</summary>
internal sealed class AuditTrailAspNetCoreMarker;
