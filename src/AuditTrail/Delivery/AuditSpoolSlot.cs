namespace AuditTrail;

/// <summary>The pipeline's spool, created once from the <see cref="AuditSpoolRegistration"/>; <see langword="null"/> when none is registered or it has nowhere to spool.</summary>
internal sealed record AuditSpoolSlot(IAuditSpool? Spool);
